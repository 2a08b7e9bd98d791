//! How contacts are written up, by who was contacted and how it went.
use asbcase_domain::contact::{ContactMethod as M, Direction as D};

/// A contact as it is written up: method, direction, summary. Slot: {issue}.
pub(crate) type ContactText = (M, D, &'static str);

pub(crate) const FIRST_CONTACT: &[ContactText] = &[
    (
        M::Phone,
        D::Outgoing,
        "First contact: took a full account of {issue}, went through the risk assessment questions and explained what happens next.",
    ),
    (
        M::Visit,
        D::Outgoing,
        "Visited the complainant at home to introduce myself as their case officer and agree an action plan.",
    ),
    (
        M::Phone,
        D::Outgoing,
        "Called the complainant to agree an action plan: diary sheets, a letter to the household concerned and a review in two weeks.",
    ),
];

pub(crate) const COMPLAINANT_SPOKE: &[ContactText] = &[
    (
        M::Phone,
        D::Outgoing,
        "Called the complainant: {issue} is still happening most evenings. Agreed they will keep a diary for two more weeks.",
    ),
    (
        M::Phone,
        D::Outgoing,
        "Called the complainant with an update on the action taken so far; they are happy with the plan.",
    ),
    (
        M::Visit,
        D::Outgoing,
        "Home visit to the complainant. Went through the diary sheets together and agreed next steps.",
    ),
    (
        M::Visit,
        D::Outgoing,
        "Visited the complainant with the neighbourhood police officer; talked about staying safe and gave a direct number.",
    ),
    (
        M::Phone,
        D::Outgoing,
        "The complainant says things have been quieter this week; asked them to keep reporting anything new.",
    ),
    (
        M::Email,
        D::Outgoing,
        "Emailed the complainant a summary of the action plan and when we will next be in touch; they replied to confirm.",
    ),
    (M::Sms, D::Outgoing, "Texted the complainant to check in; they replied that {issue} has eased off."),
    (M::InPerson, D::Outgoing, "Met the complainant at the office and took details of three new incidents."),
    (
        M::Phone,
        D::Incoming,
        "The complainant called to report two more incidents at the weekend; advised them to record the next one on the noise app.",
    ),
    (
        M::Email,
        D::Incoming,
        "The complainant emailed diary entries for the last fortnight and asked for an update; replied the same day.",
    ),
    (M::Portal, D::Incoming, "The complainant added new diary entries online and says {issue} continues."),
    (
        M::Phone,
        D::Incoming,
        "The complainant called, upset after another incident last night; reassured them and arranged a visit.",
    ),
];

pub(crate) const COMPLAINANT_ATTEMPT: &[ContactText] = &[
    (M::Phone, D::Outgoing, "Called the complainant, no answer; left a voicemail asking them to call back."),
    (M::Visit, D::Outgoing, "Visited the complainant, no reply; left a calling card."),
    (M::Sms, D::Outgoing, "Texted the complainant asking them to get in touch; no reply yet."),
    (M::Email, D::Outgoing, "Emailed the complainant asking when is best to call; no reply yet."),
];

pub(crate) const CLOSING_CALL: &[ContactText] = &[
    (
        M::Phone,
        D::Outgoing,
        "Called the complainant to agree closing the case and explained how to report anything new.",
    ),
    (
        M::Visit,
        D::Outgoing,
        "Final visit to the complainant: they agree the case can close and know how to get back in touch.",
    ),
    (
        M::Email,
        D::Outgoing,
        "Emailed the complainant about closing the case; they replied that they are happy for it to close.",
    ),
];

pub(crate) const NO_CONTACT_ATTEMPTS: &[ContactText] = &[
    (M::Phone, D::Outgoing, "Called the complainant, no answer; second attempt this week."),
    (
        M::Letter,
        D::Outgoing,
        "Wrote to the complainant asking them to get in touch within ten working days, or the case will close.",
    ),
];

pub(crate) const PERSON_COMPLAINED_ABOUT_SPOKE: &[ContactText] = &[
    (
        M::Visit,
        D::Outgoing,
        "Visited the person complained about and discussed the reports of {issue}; they agreed to change their behaviour.",
    ),
    (
        M::InPerson,
        D::Outgoing,
        "Met the person complained about at the office; they deny the allegations and say they are being targeted.",
    ),
    (
        M::Phone,
        D::Outgoing,
        "Spoke to the person complained about; they accept there is a problem and asked for support, so a referral was made.",
    ),
    (
        M::Visit,
        D::Outgoing,
        "Joint visit with the police to the person complained about; explained what will happen if the reports continue.",
    ),
];

pub(crate) const PERSON_COMPLAINED_ABOUT_ATTEMPT: &[ContactText] = &[
    (M::Visit, D::Outgoing, "Visited the person complained about, no answer; left a letter asking them to contact me."),
    (M::Phone, D::Outgoing, "Called the person complained about, no answer."),
];

pub(crate) const PARTNER: &[ContactText] = &[
    (
        M::Phone,
        D::Outgoing,
        "Spoke to the neighbourhood policing team: patrols increased around the address in the evenings.",
    ),
    (M::Email, D::Outgoing, "Shared information with the police under the partnership information-sharing agreement."),
    (M::Email, D::Incoming, "Police update: officers attended twice this month; no arrests."),
    (
        M::Phone,
        D::Outgoing,
        "Discussed the case with adult social care; they will arrange an assessment, with consent.",
    ),
    (
        M::InPerson,
        D::Outgoing,
        "Case discussed at the monthly multi-agency ASB case conference; actions agreed for police and housing.",
    ),
];

pub(crate) const WITNESS: &[ContactText] = &[
    (
        M::Phone,
        D::Outgoing,
        "Spoke to a neighbour who confirmed {issue} late at night and is willing to give a statement.",
    ),
    (M::Visit, D::Outgoing, "Visited a neighbour who has also seen {issue}; they agreed to keep a diary."),
];
