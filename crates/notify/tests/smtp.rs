//! Email leaves through SMTP. The SMTP server is outside our walls, so the test stands one in
//! at the edge: a minimal SMTP conversation on 127.0.0.1 that records what it was sent.
use asbcase_domain::TenantId;
use asbcase_domain::message::Medium;
use asbcase_notify::{Channel, SmtpChannel};
use asbcase_store::OutboxMessage;
use jiff::Timestamp;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// Accept one SMTP session; reply `rcpt_reply` to RCPT TO; return the DATA received.
async fn fake_smtp(listener: TcpListener, rcpt_reply: &'static str) -> String {
    let (socket, _) = listener.accept().await.unwrap();
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    write.write_all(b"220 fake.example ESMTP\r\n").await.unwrap();
    let mut data = String::new();
    let mut in_data = false;
    while let Some(line) = lines.next_line().await.unwrap() {
        if in_data {
            if line == "." {
                in_data = false;
                write.write_all(b"250 queued\r\n").await.unwrap();
            } else {
                data.push_str(&line);
                data.push('\n');
            }
            continue;
        }
        let upper = line.to_uppercase();
        let reply: &str = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            "250-fake.example\r\n250 8BITMIME\r\n"
        } else if upper.starts_with("MAIL FROM") {
            "250 ok\r\n"
        } else if upper.starts_with("RCPT TO") {
            rcpt_reply
        } else if upper.starts_with("DATA") {
            in_data = true;
            "354 go ahead\r\n"
        } else if upper.starts_with("QUIT") {
            write.write_all(b"221 bye\r\n").await.unwrap();
            break;
        } else {
            "250 ok\r\n"
        };
        write.write_all(reply.as_bytes()).await.unwrap();
    }
    data
}

fn email(to: &str) -> OutboxMessage {
    let now = Timestamp::now();
    OutboxMessage {
        tenant: TenantId::new(),
        id: uuid::Uuid::now_v7(),
        case: None,
        kind: "acknowledgement".into(),
        medium: Medium::Email,
        recipient: to.into(),
        subject: "Your report about anti-social behaviour: ASB-2026-000042".into(),
        body: "Dear Sam,\n\nThank you for your report.".into(),
        status: "sending".into(),
        attempts: 0,
        next_attempt_at: now,
        last_error: None,
        created_at: now,
        sent_at: None,
        organisation: None,
        provider_ref: None,
        delivery_status: None,
        link: None,
        link_id: None,
    }
}

#[tokio::test]
async fn an_acknowledgement_is_sent_as_an_email() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(fake_smtp(listener, "250 ok\r\n"));
    let smtp = SmtpChannel::new(&format!("smtp://127.0.0.1:{port}"), "ASB Team <asb@ashfordvale.example>").unwrap();
    smtp.deliver(&email("sam@example.org")).await.unwrap();
    drop(smtp);
    let data = tokio::time::timeout(std::time::Duration::from_secs(10), server).await.unwrap().unwrap();
    assert!(data.contains("To: sam@example.org"), "{data}");
    assert!(
        data.contains("From: \"ASB Team\" <asb@ashfordvale.example>")
            || data.contains("From: ASB Team <asb@ashfordvale.example>"),
        "{data}"
    );
    assert!(data.contains("Subject: Your report about anti-social behaviour: ASB-2026-000042"), "{data}");
    assert!(data.contains("Thank you for your report."), "{data}");
}

#[tokio::test]
async fn a_rejected_address_is_a_permanent_failure_and_a_busy_server_a_passing_one() {
    for (reply, permanent) in [("550 no such user\r\n", true), ("451 try again later\r\n", false)] {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(fake_smtp(listener, reply));
        let smtp = SmtpChannel::new(&format!("smtp://127.0.0.1:{port}"), "asb@ashfordvale.example").unwrap();
        let err = smtp.deliver(&email("nobody@example.org")).await.unwrap_err();
        assert_eq!(err.permanent, permanent, "{reply}: {err}");
    }
}

#[tokio::test]
async fn bad_settings_and_bad_addresses_are_explained() {
    assert!(SmtpChannel::new("ftp://nope", "asb@ashfordvale.example").unwrap_err().contains("SMTP URL is not valid"));
    assert!(SmtpChannel::new("smtp://127.0.0.1:1", "not an address").unwrap_err().contains("mail_from"));
    let smtp = SmtpChannel::new("smtp://127.0.0.1:1", "asb@ashfordvale.example").unwrap();
    let err = smtp.deliver(&email("not an address")).await.unwrap_err();
    assert!(err.permanent && err.message.contains("is not an email address"));
}
