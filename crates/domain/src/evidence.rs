//! Evidence a complainant gives: diary entries (replacing paper diary sheets) and files —
//! photos, noise recordings, screenshots of messages, documents. A file's type is decided by
//! its content, never by its name, and only kinds an officer can open safely are accepted.
use crate::report::{FieldError, SHORT_MAX, parse_date};
use jiff::civil::{Date, Time};
use serde::{Deserialize, Serialize};

/// The largest file accepted.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// Files per report.
pub const MAX_FILES: usize = 10;
/// Diary entries per report.
pub const MAX_DIARY_ENTRIES: usize = 50;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    Photo,
    Audio,
    Video,
    Document,
}

impl EvidenceKind {
    pub fn label(self) -> &'static str {
        match self {
            EvidenceKind::Photo => "Photo or screenshot",
            EvidenceKind::Audio => "Sound recording",
            EvidenceKind::Video => "Video",
            EvidenceKind::Document => "Document",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::Photo => "photo",
            EvidenceKind::Audio => "audio",
            EvidenceKind::Video => "video",
            EvidenceKind::Document => "document",
        }
    }
}

/// What a file really is, by its first bytes: (kind, MIME type), or an error to show.
pub fn sniff(bytes: &[u8]) -> Result<(EvidenceKind, &'static str), String> {
    if bytes.is_empty() {
        return Err("The selected file is empty".into());
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(format!("The selected file must be smaller than {} MB", MAX_FILE_BYTES / (1024 * 1024)));
    }
    let t = infer::get(bytes).ok_or("The selected file must be a photo, sound recording, video or PDF")?;
    let kind = match t.mime_type() {
        "image/jpeg" | "image/png" | "image/gif" | "image/webp" | "image/heif" | "image/heic" => EvidenceKind::Photo,
        "audio/mpeg" | "audio/m4a" | "audio/x-wav" | "audio/ogg" | "audio/aac" | "audio/amr" | "audio/x-flac" => {
            EvidenceKind::Audio
        }
        "video/mp4" | "video/quicktime" | "video/webm" | "video/3gpp" => EvidenceKind::Video,
        "application/pdf" => EvidenceKind::Document,
        _ => return Err("The selected file must be a photo, sound recording, video or PDF".into()),
    };
    Ok((kind, t.mime_type()))
}

/// A file as recorded with a report (its bytes are stored apart).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceFile {
    pub id: uuid::Uuid,
    pub kind: EvidenceKind,
    pub mime: String,
    /// As the resident's device named it; shown, never trusted.
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

impl EvidenceFile {
    /// An uploaded file, judged by its content (never its name): its kind, type, size and
    /// digest, and a name to show (the device's, else one made from its type).
    pub fn from_upload(name: &str, bytes: &[u8]) -> Result<EvidenceFile, String> {
        use sha2::{Digest, Sha256};
        let (kind, mime) = sniff(bytes)?;
        let name: String = name.chars().filter(|c| !c.is_control()).take(200).collect();
        Ok(EvidenceFile {
            id: uuid::Uuid::now_v7(),
            kind,
            mime: mime.to_string(),
            name: if name.is_empty() {
                format!("{}.{}", kind.as_str(), mime.rsplit('/').next().unwrap_or("bin"))
            } else {
                name
            },
            size: bytes.len() as u64,
            sha256: hex::encode(Sha256::digest(bytes)),
        })
    }
}

/// One entry of a complainant's diary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiaryEntry {
    pub date: Date,
    pub time: Option<Time>,
    pub what_happened: String,
    pub how_it_affected: String,
}

/// Check a diary entry as typed.
pub fn check_diary(
    day: &str,
    month: &str,
    year: &str,
    time: &str,
    what: &str,
    affected: &str,
    today: Date,
) -> Result<DiaryEntry, Vec<FieldError>> {
    let mut errors = vec![];
    let date = match parse_date("diary_date", "The date", day, month, year, today) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            errors.push(FieldError { field: "diary_date".into(), message: "Enter the date it happened".into() });
            None
        }
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let time = match time.trim() {
        "" => None,
        t => match parse_time(t) {
            Some(t) => Some(t),
            None => {
                errors.push(FieldError {
                    field: "diary_time".into(),
                    message: "Enter a time like 11:30pm or 23:30".into(),
                });
                None
            }
        },
    };
    let what = what.trim();
    if what.is_empty() {
        errors.push(FieldError { field: "diary_what".into(), message: "Enter what happened".into() });
    } else if what.chars().count() > 2000 {
        errors.push(FieldError {
            field: "diary_what".into(),
            message: "What happened must be 2000 characters or fewer".into(),
        });
    }
    let affected = affected.trim();
    if affected.chars().count() > SHORT_MAX {
        errors.push(FieldError {
            field: "diary_affected".into(),
            message: format!("How it affected you must be {SHORT_MAX} characters or fewer"),
        });
    }
    match (date, errors.is_empty()) {
        (Some(date), true) => {
            Ok(DiaryEntry { date, time, what_happened: what.into(), how_it_affected: affected.into() })
        }
        _ => Err(errors),
    }
}

/// "23:30", "11:30pm", "11pm", "11.30 pm".
pub fn parse_time(s: &str) -> Option<Time> {
    let s = s.trim().to_lowercase().replace(' ', "").replace('.', ":");
    let (body, pm) = match (s.strip_suffix("pm"), s.strip_suffix("am")) {
        (Some(b), _) => (b.to_string(), Some(true)),
        (_, Some(b)) => (b.to_string(), Some(false)),
        _ => (s.clone(), None),
    };
    let (h, m) = match body.split_once(':') {
        Some((h, m)) => (h.parse::<i8>().ok()?, m.parse::<i8>().ok()?),
        None => (body.parse::<i8>().ok()?, 0),
    };
    let h = match pm {
        Some(pm) if (1..=12).contains(&h) => (h % 12) + if pm { 12 } else { 0 },
        Some(_) => return None,
        None => h,
    };
    Time::new(h, m, 0, 0).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    #[test]
    fn files_are_judged_by_their_content_not_their_name() {
        let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R'];
        assert_eq!(sniff(&png).unwrap(), (EvidenceKind::Photo, "image/png"));
        assert_eq!(sniff(b"%PDF-1.7\n...").unwrap().0, EvidenceKind::Document);
        let mut mp3 = b"ID3".to_vec();
        mp3.extend_from_slice(&[4, 0, 0, 0, 0, 0, 0]);
        assert_eq!(sniff(&mp3).unwrap().0, EvidenceKind::Audio);
        assert!(sniff(b"MZ\x90\x00 an exe renamed photo.jpg").is_err());
        assert!(sniff(b"<html><script>alert(1)</script>").is_err());
        assert_eq!(sniff(&[]).unwrap_err(), "The selected file is empty");
    }

    #[test]
    fn diary_times_are_read_as_people_write_them() {
        assert_eq!(parse_time("23:30"), Some(time(23, 30, 0, 0)));
        assert_eq!(parse_time("11:30pm"), Some(time(23, 30, 0, 0)));
        assert_eq!(parse_time("12am"), Some(time(0, 0, 0, 0)));
        assert_eq!(parse_time("7.15 am"), Some(time(7, 15, 0, 0)));
        assert_eq!(parse_time("25:00"), None);
        assert_eq!(parse_time("13pm"), None);
    }

    #[test]
    fn a_diary_entry_needs_a_date_and_what_happened() {
        let today = date(2026, 11, 23);
        let e = check_diary("21", "11", "2026", "11pm", "Music through the wall", "Could not sleep", today).unwrap();
        assert_eq!((e.date, e.time), (date(2026, 11, 21), Some(time(23, 0, 0, 0))));
        let errs = check_diary("", "", "", "later", " ", "", today).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["diary_date", "diary_time", "diary_what"]);
    }
}
