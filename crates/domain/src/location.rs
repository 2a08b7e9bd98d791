//! Where the behaviour happens.
use crate::report::FieldError;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// Address, or a description of the place ("the alley behind Mill Street shops").
    pub address: String,
    pub postcode: Option<Postcode>,
    /// Unique Property Reference Number, where known.
    pub uprn: Option<String>,
    pub ward: Option<String>,
    pub estate: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// A UK postcode, normalised to upper case with one space before the inward code.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Postcode(String);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("Enter a real postcode, like SW1A 1AA")]
pub struct PostcodeError;

impl Postcode {
    /// Accepts the UK formats A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA,
    /// in any case and spacing.
    pub fn parse(input: &str) -> Result<Postcode, PostcodeError> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
            return Err(PostcodeError);
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        let inward_ok = {
            let b = inward.as_bytes();
            b[0].is_ascii_digit() && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphabetic()
        };
        let o = outward.as_bytes();
        let outward_ok = match o.len() {
            2 => o[0].is_ascii_alphabetic() && o[1].is_ascii_digit(),
            3 => {
                o[0].is_ascii_alphabetic()
                    && ((o[1].is_ascii_digit() && o[2].is_ascii_alphanumeric())
                        || (o[1].is_ascii_alphabetic() && o[2].is_ascii_digit()))
            }
            4 => {
                o[0].is_ascii_alphabetic()
                    && o[1].is_ascii_alphabetic()
                    && o[2].is_ascii_digit()
                    && o[3].is_ascii_alphanumeric()
            }
            _ => false,
        };
        if inward_ok && outward_ok { Ok(Postcode(format!("{outward} {inward}"))) } else { Err(PostcodeError) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Postcode {
    type Error = PostcodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Postcode::parse(&s)
    }
}

impl From<Postcode> for String {
    fn from(p: Postcode) -> String {
        p.0
    }
}

fn err(field: &str, message: impl Into<String>) -> FieldError {
    FieldError { field: field.into(), message: message.into() }
}

/// Latitude and longitude (WGS 84), as a map app shows them.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub latitude: f64,
    pub longitude: f64,
}

/// Roughly the United Kingdom with its islands and coastal waters: a point outside is a slip.
const UK_LATITUDE: (f64, f64) = (49.8, 60.9);
const UK_LONGITUDE: (f64, f64) = (-8.7, 1.8);

/// Optional map coordinates: both or neither, numbers, in the UK.
pub fn check_point(latitude: &str, longitude: &str) -> Result<Option<Point>, Vec<FieldError>> {
    let (lat, long) = (latitude.trim(), longitude.trim());
    if lat.is_empty() && long.is_empty() {
        return Ok(None);
    }
    let mut errors = vec![];
    let mut read = |field: &str, text: &str, name: &str, (lo, hi): (f64, f64)| match text.parse::<f64>() {
        _ if text.is_empty() => {
            errors.push(err(field, format!("Enter the {name} as well, or leave both blank")));
            None
        }
        Ok(v) if v.is_finite() && (lo..=hi).contains(&v) => Some(v),
        Ok(_) => {
            errors.push(err(field, format!("The {name} must be between {lo} and {hi}, in the UK")));
            None
        }
        Err(_) => {
            errors.push(err(
                field,
                format!(
                    "Enter the {name} as a number, like {}",
                    if name == "latitude" { "51.5014" } else { "-0.1419" }
                ),
            ));
            None
        }
    };
    let latitude = read("latitude", lat, "latitude", UK_LATITUDE);
    let longitude = read("longitude", long, "longitude", UK_LONGITUDE);
    match (latitude, longitude) {
        (Some(latitude), Some(longitude)) => Ok(Some(Point { latitude, longitude })),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_are_normalised() {
        assert_eq!(Postcode::parse("sw1a1aa").unwrap().as_str(), "SW1A 1AA");
        assert_eq!(Postcode::parse(" M1  1AE ").unwrap().as_str(), "M1 1AE");
        assert_eq!(Postcode::parse("B33 8TH").unwrap().as_str(), "B33 8TH");
        assert_eq!(Postcode::parse("CR2 6XH").unwrap().as_str(), "CR2 6XH");
        assert_eq!(Postcode::parse("DN55 1PT").unwrap().as_str(), "DN55 1PT");
    }

    #[test]
    fn nonsense_is_not_a_postcode() {
        for bad in ["", "12345", "ABCDEFG", "SW1A", "SW1A 1A", "1W1A 1AA", "SW1A 11A", "ÄB1 1AA"] {
            assert_eq!(Postcode::parse(bad), Err(PostcodeError), "{bad}");
        }
    }
}
