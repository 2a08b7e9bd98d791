//! How long a text message is, as the phone networks count it, and so how many texts it is
//! sent as (each one paid for).
//!
//! A text uses the GSM 7-bit alphabet (3GPP TS 23.038) when every character is in it: 160
//! characters go as one text, a longer message in parts of 153 (each part carries a header that
//! joins them up again on the phone), and a character of the alphabet's extension table
//! (`€ [ ] { } \ ^ ~ |`) takes two places. One character outside it (an emoji, or Welsh ŵ and ŷ)
//! sends the whole message as UCS-2: 70 characters as one text, else parts of 67, and a
//! character outside the Basic Multilingual Plane (most emoji) takes two places.

/// The GSM 7-bit default alphabet, less the escape to the extension table.
const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// The extension table: each is sent as an escape and the character, two places.
const GSM_EXTENSION: &str = "\u{c}^{}\\[~]|€";

const GSM_SINGLE: usize = 160;
const GSM_PART: usize = 153;
const UCS2_SINGLE: usize = 70;
const UCS2_PART: usize = 67;

/// A text message's length as sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SmsLength {
    /// The places it takes: GSM septets, or UCS-2 code units.
    pub units: usize,
    /// The texts it is sent as.
    pub parts: usize,
    /// Whether a character outside the GSM alphabet sends it as UCS-2 (fewer characters a text).
    pub unicode: bool,
}

impl SmsLength {
    /// The places one text holds when a message takes several.
    pub fn per_part(&self) -> usize {
        if self.unicode { UCS2_PART } else { GSM_PART }
    }
}

/// The most places `parts` texts hold, in the GSM alphabet or as UCS-2.
pub fn most_in(parts: usize, unicode: bool) -> usize {
    match (parts, unicode) {
        (0 | 1, false) => GSM_SINGLE,
        (0 | 1, true) => UCS2_SINGLE,
        (n, false) => n * GSM_PART,
        (n, true) => n * UCS2_PART,
    }
}

/// How `text` is sent as texts.
pub fn sms_length(text: &str) -> SmsLength {
    let gsm = text.chars().try_fold(0usize, |n, c| {
        if GSM_BASIC.contains(c) {
            Some(n + 1)
        } else if GSM_EXTENSION.contains(c) {
            Some(n + 2)
        } else {
            None
        }
    });
    let (units, single, part, unicode) = match gsm {
        Some(septets) => (septets, GSM_SINGLE, GSM_PART, false),
        None => (text.encode_utf16().count(), UCS2_SINGLE, UCS2_PART, true),
    };
    let parts = if units <= single { 1 } else { units.div_ceil(part) };
    SmsLength { units, parts, unicode }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_english_goes_160_to_a_text_then_in_parts_of_153() {
        let parts = |n: usize| sms_length(&"a".repeat(n)).parts;
        assert_eq!([0, 160, 161, 306, 307, 459, 460].map(parts), [1, 1, 2, 2, 3, 3, 4]);
        let ack = sms_length("Thank you, Sam. Your reference is ASB-2026-00042 (keep it): we'll call by 9 Dec. £5?");
        assert!(!ack.unicode);
    }

    #[test]
    fn the_extension_characters_take_two_places() {
        assert_eq!(sms_length("€5 [or] {so}").units, 17);
        assert_eq!(sms_length(&"€".repeat(80)).parts, 1, "160 places");
        assert_eq!(sms_length(&"€".repeat(81)).parts, 2);
    }

    #[test]
    fn one_welsh_letter_or_emoji_makes_every_text_hold_fewer_characters() {
        // "Diolch, ŵyr" has ŵ: the whole message goes as UCS-2.
        let welsh = format!("Diolch am roi gwybod i ni, ŵyr. {}", "a".repeat(40));
        let l = sms_length(&welsh);
        assert!(l.unicode);
        assert_eq!((l.units, l.parts), (72, 2), "over 70: two texts of up to 67");
        assert_eq!(l.per_part(), 67);
        let emoji = sms_length("Thanks 👍");
        assert_eq!((emoji.units, emoji.parts, emoji.unicode), (9, 1, true), "an emoji takes two places");
        assert_eq!(sms_length(&"ŷ".repeat(70)).parts, 1);
        assert_eq!(sms_length(&"ŷ".repeat(201)).parts, 3);
        assert_eq!(sms_length(&"ŷ".repeat(202)).parts, 4);
        assert_eq!((most_in(3, false), most_in(3, true), most_in(1, true)), (459, 201, 70));
    }
}
