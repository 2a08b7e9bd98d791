//! The wording each kind of message starts with, per medium, before an organisation words it
//! its own way.
use super::{Medium, Template};

/// The acknowledgement a new organisation starts with, per medium.
pub fn default_acknowledgement(medium: Medium) -> Template {
    match medium {
        Medium::Sms => Template {
            subject: String::new(),
            body: "((organisation)): we have your report about anti-social behaviour, reference ((reference)). \
                   An officer will contact you by ((contact_by)). Follow your case: ((tracker)) In an emergency call 999."
                .into(),
        },
        Medium::Email | Medium::Letter => Template {
            subject: "Your report about anti-social behaviour: ((reference))".into(),
            body: "Dear ((name)),\n\n\
                   Thank you for your report about anti-social behaviour. Your reference is ((reference)).\n\n\
                   What happens next: an officer from ((organisation)) will contact you by ((contact_by)) \
                   to talk about what is happening and agree what will be done. While your case is open, \
                   they will be in touch at least every 2 weeks.\n\n\
                   You can see how your case is going, add diary entries and send us evidence here:\n\n\
                   ((tracker))\n\n\
                   The link works once, for 3 days. After that, get a new one at ((track_page)) \
                   with your reference and the contact details you gave us.\n\n\
                   If someone is in immediate danger or a crime is happening, call 999. \
                   For other crimes, call 101.\n\n\
                   ((organisation))"
                .into(),
        },
    }
}

/// The wrapping of an officer's update to a complainant, per medium. `((update))` is what
/// the officer wrote.
pub fn default_update(medium: Medium) -> Template {
    match medium {
        Medium::Sms => Template {
            subject: String::new(),
            body: "((organisation)), case ((reference)): ((update)) Reply to ((officer)) on the number you have."
                .into(),
        },
        Medium::Email | Medium::Letter => Template {
            subject: "An update on your case ((reference))".into(),
            body: "Dear ((name)),\n\n((update))\n\n\
                   If anything changes or happens again, please tell us, quoting ((reference)). \
                   If someone is in immediate danger or a crime is happening, call 999.\n\n\
                   ((officer))\n((organisation))"
                .into(),
        },
    }
}

/// A tracker link, sent when the complainant asks for one.
pub fn default_tracker_link(medium: Medium) -> Template {
    match medium {
        Medium::Sms => Template {
            subject: String::new(),
            body: "((organisation)), case ((reference)): see your case and send us updates at ((link)) \
                   The link works once, for ((hours)) hours."
                .into(),
        },
        Medium::Email | Medium::Letter => Template {
            subject: "Your case tracker link: ((reference))".into(),
            body: "Dear ((name)),\n\n\
                   You asked for a link to your case ((reference)). Use it to see how your case is going, \
                   add diary entries and evidence, or send your officer a message:\n\n((link))\n\n\
                   The link works once and expires in ((hours)) hours. If it has expired, ask for a new one \
                   on our website with your reference.\n\n\
                   If you did not ask for this link, you can ignore this message.\n\n((organisation))"
                .into(),
        },
    }
}

/// The message sent when a case closes.
pub fn default_case_closed(medium: Medium) -> Template {
    match medium {
        Medium::Sms => Template {
            subject: String::new(),
            body: "((organisation)): your case ((reference)) is now closed. If the problem starts again, \
                   report it and mention this reference."
                .into(),
        },
        Medium::Email | Medium::Letter => Template {
            subject: "Your case ((reference)) is closed".into(),
            body: "Dear ((name)),\n\n\
                   Your case ((reference)) is now closed. ((officer)) will have talked to you about why.\n\n\
                   If the problem starts again, please report it and mention this reference. \
                   If someone is in immediate danger or a crime is happening, call 999.\n\n((organisation))"
                .into(),
        },
    }
}

/// The invitation to the satisfaction survey after a case closes.
pub fn default_survey_invitation(medium: Medium) -> Template {
    match medium {
        Medium::Sms => Template {
            subject: String::new(),
            body: "((organisation)): how did we do with your case ((reference))? 5 short questions: ((link))".into(),
        },
        Medium::Email | Medium::Letter => Template {
            subject: "How did we do? Your case ((reference))".into(),
            body: "Dear ((name)),\n\n\
                   Your case ((reference)) has closed. Please tell us how we handled it: there are 5 short \
                   questions and it takes about 2 minutes.\n\n((link))\n\n\
                   The link works until ((expires)). Your answers help us improve the service.\n\n((organisation))"
                .into(),
        },
    }
}

/// The answer to a report dealt with at triage without opening a case; `((outcome))` says why,
/// in words for the resident.
pub fn default_report_diverted(medium: Medium) -> Template {
    match medium {
        Medium::Sms => {
            Template { subject: String::new(), body: "((organisation)), report ((reference)): ((outcome))".into() }
        }
        Medium::Email | Medium::Letter => Template {
            subject: "Your report ((reference))".into(),
            body: "Dear ((name)),\n\n((outcome))\n\n\
                   If someone is in immediate danger or a crime is happening, call 999.\n\n((organisation))"
                .into(),
        },
    }
}

/// A reminder to the officer that a complainant's contact falls due.
pub fn default_contact_due(medium: Medium) -> Template {
    match medium {
        Medium::Sms => Template {
            subject: String::new(),
            body: "((organisation)): contact with the complainant on ((reference)) is due by ((due)). ((link))".into(),
        },
        Medium::Email | Medium::Letter => Template {
            subject: "Contact due by ((due)): ((reference))".into(),
            body: "((officer)),\n\n\
                   Contact with the complainant on case ((reference)) is due by ((due)) under the service \
                   standard. Record it on the case when you have spoken to them:\n\n((link))\n\n((organisation))"
                .into(),
        },
    }
}

/// To the officer who made a referral: the partner answered it or said what it did.
pub fn default_referral_changed(medium: Medium) -> Template {
    match medium {
        Medium::Sms => Template {
            subject: String::new(),
            body: "((organisation)): your referral on ((reference)) to ((partner)) is now: ((status)). ((link))".into(),
        },
        Medium::Email | Medium::Letter => Template {
            subject: "Referral ((status)): ((reference))".into(),
            body: "((officer)),\n\n\
                   ((partner)) has updated your referral on case ((reference)). It is now: ((status)).\n\n\
                   ((note))\n\nSee the referral on the case:\n\n((link))\n\n((organisation))"
                .into(),
        },
    }
}

/// To someone who applied for an ASB Case Review: it was received, and when the decision on
/// whether the threshold is met will come.
pub fn default_review_acknowledgement(medium: Medium) -> Template {
    match medium {
        Medium::Sms => Template {
            subject: String::new(),
            body: "((organisation)): we have your application for an ASB Case Review, reference ((reference)). \
                   We will tell you by ((decision_by)) whether it meets the threshold for a review."
                .into(),
        },
        Medium::Email | Medium::Letter => Template {
            subject: "Your application for an ASB Case Review: ((reference))".into(),
            body: "Dear ((name)),\n\n\
                   Thank you for applying for an ASB Case Review (formerly the Community Trigger). Your reference \
                   is ((reference)).\n\n\
                   We will look at the reports made about the problem to every organisation of the partnership and \
                   tell you by ((decision_by)) whether they meet the threshold for a review. If they do, the \
                   organisations involved will meet to review how they have responded, and you can tell them how \
                   the problem affects you.\n\n\
                   If you are in danger or a crime is happening now, call 999.\n\n((organisation))"
                .into(),
        },
    }
}

/// To the applicant: what the case review found, how to say whether they are satisfied, and
/// that they may ask for it to be looked at again.
pub fn default_review_outcome(medium: Medium) -> Template {
    match medium {
        Medium::Sms => Template {
            subject: String::new(),
            body: "((organisation)): the outcome of your ASB Case Review ((reference)): ((decision)). ((outcome)) \
                   Tell us what you thought: ((link))"
                .into(),
        },
        Medium::Email | Medium::Letter => Template {
            subject: "The outcome of your ASB Case Review: ((reference))".into(),
            body: "Dear ((name)),\n\n\
                   ((decision)).\n\n((outcome))\n\n\
                   If you are not satisfied with how your application was dealt with, you can ask for it to be \
                   looked at again (an appeal, usually to the Police and Crime Commissioner): reply to this \
                   message to do so.\n\n\
                   Please tell us what you thought of how your application was handled, by ((expires)):\n\n\
                   ((link))\n\n((organisation))"
                .into(),
        },
    }
}
