//! The information pages' default words: plain English, true anywhere in England and Wales, and
//! free of local details a partnership must give itself (its phone number, opening hours, data
//! protection officer). Each administrator can replace them.
use super::Topic;

pub(super) fn title(topic: Topic) -> &'static str {
    match topic {
        Topic::WhatIsAsb => "What anti-social behaviour is, and what it is not",
        Topic::Categories => "Types of anti-social behaviour",
        Topic::AfterYouReport => "What happens after you report",
        Topic::Evidence => "Keeping a diary and collecting evidence",
        Topic::ToolsAndPowers => "What can be done: tools and powers",
        Topic::CaseReview => "The ASB Case Review",
        Topic::GoingToCourt => "Going to court",
        Topic::Anonymous => "Reporting anonymously",
        Topic::Privacy => "How we use your information",
        Topic::Contact => "Contact the anti-social behaviour team",
    }
}

pub(super) fn body(topic: Topic) -> &'static str {
    match topic {
        Topic::WhatIsAsb => WHAT_IS_ASB,
        Topic::Categories => CATEGORIES,
        Topic::AfterYouReport => AFTER_YOU_REPORT,
        Topic::Evidence => EVIDENCE,
        Topic::ToolsAndPowers => TOOLS_AND_POWERS,
        Topic::CaseReview => CASE_REVIEW,
        Topic::GoingToCourt => GOING_TO_COURT,
        Topic::Anonymous => ANONYMOUS,
        Topic::Privacy => PRIVACY,
        Topic::Contact => CONTACT,
    }
}

const WHAT_IS_ASB: &str = "\
Anti-social behaviour is behaviour that causes, or is likely to cause, harassment, alarm or distress to someone, or that is a nuisance or annoyance to people in their homes. This is how the law describes it (the Anti-social Behaviour, Crime and Policing Act 2014).

It includes, for example:

- noise that is loud, late or goes on and on, such as parties, shouting or music played to annoy
- threats, verbal abuse, harassment and intimidation
- behaviour aimed at someone because of their race, religion, disability, sexual orientation or gender identity
- drug dealing or drug use, and drunken behaviour
- vandalism, graffiti and damage to property
- misuse of shared areas, such as stairwells, bin stores and car parks
- dumping rubbish, and nuisance from vehicles or animals

## What is usually not anti-social behaviour

Some things that annoy neighbours are part of ordinary life and are not anti-social behaviour:

- everyday household noise, such as footsteps, doors closing, toilets flushing, washing machines and children playing in the day
- cooking smells, and people using their gardens, balconies or shared areas in the usual way
- a one-off party or celebration
- disagreements between neighbours about boundaries, parking or children

If this is the problem, talking to your neighbour calmly is often the quickest way to sort it out. ((organisation)) can still give advice, and may suggest mediation.

## If someone is in danger

If someone is in immediate danger or a crime is happening now, call 999. To report a crime that is not an emergency, call the police on 101.
";

const CATEGORIES: &str = "\
When you report, you choose the kind of problem you are reporting. You can choose more than one: a problem with noise and threats is both.

Choosing the right kinds helps us decide who should deal with it and how quickly. The kinds ((organisation)) uses are listed below.
";

const AFTER_YOU_REPORT: &str = "\
When you report, you get a reference number. Keep it: you need it to check on your report.

## What we do

1. We read your report and look at how it is affecting you. The answers you give about the effect on you and your household tell us how urgent it is.
2. An officer gets in touch with you to talk about what is happening and agree what happens next. How soon depends on the risk, as shown below.
3. The officer looks into it. They may speak to the person complained about, other neighbours and partners such as the police, and ask you to keep a diary.
4. The officer agrees an action plan with you and keeps in touch while your case is open.
5. When the case closes, we tell you why and ask what you thought of the service.

If you gave an email address or phone number, you can follow your case online with its case tracker and send us updates and evidence.

## How quickly we contact you

These are the times ((organisation)) works to. Working days are Monday to Friday, not counting bank holidays.
";

const EVIDENCE: &str = "\
Evidence helps us understand what is happening and is needed before some action can be taken, especially in court.

## Keeping a diary

Write down each incident as soon as you can after it happens:

- the date, the time it started and the time it ended
- what happened, in your own words, and what was said
- who was involved, if you know, or what they looked like
- how it affected you and your household
- whether you reported it to anyone else, such as the police, and any reference they gave you

Write what you saw and heard, not what you think someone meant. Keep your diary somewhere safe. You can add diary entries when you report, and later through your case tracker.

## Other evidence that helps

- recordings of noise (a phone is fine: record the time and keep the whole recording)
- photographs of damage, graffiti or rubbish
- messages, letters and screenshots of threats or abuse
- names of other people who saw or heard what happened and would be willing to help

Never put yourself at risk to collect evidence, and do not record inside someone else's home.
";

const TOOLS_AND_POWERS: &str = "\
Most problems are sorted out without going to court. What we do depends on what is happening and how serious it is, and we can offer support to anyone involved.

## Early steps

- **Advice and letters**: telling the person complained about what has been reported and what must stop.
- **Mediation**: a trained, independent person helps neighbours talk and agree how to live alongside each other.
- **Warnings**: first, second and final warning letters.
- **Acceptable Behaviour Agreements**: a written promise by the person complained about to stop certain behaviour.
- **Support**: help with problems behind the behaviour, such as mental health, drugs or alcohol.

## Legal powers

- **Community Protection Warning and Notice**: a written warning comes first; breaking a notice is an offence.
- **Civil injunction**: a court order to stop behaviour, which can include keeping away from an area.
- **Criminal Behaviour Order**: made by a court when someone is convicted of an offence.
- **Dispersal direction**: the police can tell people to leave an area for up to 48 hours.
- **Public Spaces Protection Order**: rules for an area, such as no drinking in a park, for up to 3 years.
- **Closure notice and order**: a property causing serious nuisance can be closed for up to 3 months, then up to 6 in all.
- **Possession of a home**: a landlord can ask the court to end a tenancy in some cases.
";

const CASE_REVIEW: &str = "\
If you have reported anti-social behaviour and feel not enough has been done, you can ask for an ASB Case Review (it used to be called the Community Trigger). The council, police, local health services and social landlords then look at your case together and can recommend what should happen next.

You can apply for yourself, or someone can apply for you with your agreement: a family member, friend, carer, councillor or MP.

When you apply, we check whether your complaints meet the threshold shown below. We tell you whether the review will go ahead, and if it does, what it decided.

[Apply for an ASB Case Review](/case-review)
";

const GOING_TO_COURT: &str = "\
Most cases never go to court. When they do, it is usually because other steps have not stopped the behaviour.

## What it may mean for you

- You may be asked to sign a witness statement describing what happened. Your diary and other evidence will help.
- You may be asked to go to court to give evidence. If that happens, we explain what to expect and can arrange for you to visit the court beforehand.
- If you are worried about your safety, tell us. Courts can use screens, video links and other special measures, and we can refer you to support.

A court case can take months. We will keep in touch and tell you what the court decides.
";

const ANONYMOUS: &str = "\
You can report anti-social behaviour without giving your name or contact details.

## What we can and cannot do

- We can use your report to understand where problems are, plan patrols and add it to what others have told us.
- We cannot contact you to ask questions, tell you what we have done or agree an action plan with you.
- You will not be able to follow your report with its case tracker.
- It is much harder to take legal action, because courts usually need evidence from a named person.

If you are worried that the person complained about will find out who you are, tell us when you report. We do not tell the person complained about who made a complaint without your agreement, and we can talk about other ways to protect you. If a case goes to court and you give evidence, the other side will see your statement.
";

const PRIVACY: &str = "\
((organisation)) uses the information you give when you report anti-social behaviour to look into it, keep you informed and keep people safe. This notice says what we hold, why, and your rights.

## What we hold

Your name and contact details if you give them, what you tell us about the problem and how it affects you, evidence you send, and notes of our contact with you.

## Why we can use it

To carry out our work to tackle anti-social behaviour, which is a task in the public interest under the Anti-social Behaviour, Crime and Policing Act 2014 and related law.

## Who we share it with

Some of what you tell us is special category information (for example about your health, or a hate incident because of your race or religion) or about crimes. We use it only where the law allows, for reasons of substantial public interest such as preventing crime and protecting people (UK GDPR Articles 9 and 10, and Schedule 1 of the Data Protection Act 2018).

## Who we share it with

Only the partners who need it to deal with your case, such as the police or your landlord, and only what they need. We do not tell the person complained about who made a complaint without your agreement; if a case goes to court and you give evidence, the other side will see your statement.

## How long we keep it

Closed cases are kept for the time set in our retention schedule (usually 6 years after the case closes), then anonymised.

## Your rights

You can ask for a copy of the information we hold about you, ask us to correct it, object to how we use it, ask us to restrict its use, and in some cases ask us to delete it. To do any of these, or to contact our data protection officer, contact ((organisation)).

If you are unhappy with how we have used your information, you can complain to the Information Commissioner's Office at [ico.org.uk](https://ico.org.uk).
";

const CONTACT: &str = "\
You can report anti-social behaviour online at any time with the [report form](/report).

To speak to someone about a report, or if you cannot use the form, contact ((organisation)). Give your reference number if you have one.

If someone is in immediate danger or a crime is happening now, call 999.
";
