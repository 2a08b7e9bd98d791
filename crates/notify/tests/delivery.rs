//! Messages leave the outbox through a channel; failures are retried with back-off, and
//! hopeless ones given up. Runs on SQLite and PostgreSQL.
use asbcase_domain::TenantId;
use asbcase_domain::calendar::Division;
use asbcase_domain::message::Medium;
use asbcase_notify::{Channel, DeliveryError, FileChannel, MAX_ATTEMPTS, deliver_due, retry_after};
use asbcase_store::{OutboxMessage, Store, Tenant, both_backends};
use jiff::Timestamp;
use std::sync::atomic::{AtomicUsize, Ordering};

async fn tenant(store: &Store) -> TenantId {
    let t = Tenant {
        id: TenantId::new(),
        name: "Ashford Vale CSP".into(),
        division: Division::EnglandAndWales,
        created_at: Timestamp::now(),
    };
    store.create_tenant(&t).await.unwrap();
    t.id
}

fn message(tenant: TenantId, now: Timestamp) -> OutboxMessage {
    OutboxMessage {
        tenant,
        id: uuid::Uuid::now_v7(),
        case: None,
        kind: "acknowledgement".into(),
        medium: Medium::Email,
        recipient: "sam@example.org".into(),
        subject: "Your report: ASB-2026-000001".into(),
        body: "Dear Sam,\n\nThank you for your report.".into(),
        status: "pending".into(),
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

async fn queue(store: &Store, m: &OutboxMessage) {
    store.queue_message(m).await.unwrap();
}

struct Failing {
    calls: AtomicUsize,
    permanent: bool,
}

impl Channel for Failing {
    async fn deliver(&self, _m: &OutboxMessage) -> Result<Option<String>, DeliveryError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        Err(DeliveryError { message: "provider unavailable".into(), permanent: self.permanent })
    }
}

both_backends!(a_queued_message_is_written_by_the_file_channel_and_marked_sent, |db| async move {
    let t = tenant(&db.store).await;
    let now = Timestamp::now();
    let m = message(t, now);
    queue(&db.store, &m).await;
    let dir = tempfile::tempdir().unwrap();
    let report = deliver_due(&db.store, &FileChannel::new(dir.path()), now).await.unwrap();
    assert_eq!(report.sent, 1);
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1);
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(
        text.contains("To: sam@example.org")
            && text.contains("Subject: Your report: ASB-2026-000001")
            && text.contains("Thank you for your report.")
    );
    // Sent once: a second round finds nothing due.
    assert_eq!(deliver_due(&db.store, &FileChannel::new(dir.path()), now).await.unwrap().sent, 0);
});

both_backends!(a_failing_provider_is_retried_with_back_off_then_given_up, |db| async move {
    let t = tenant(&db.store).await;
    let mut now = Timestamp::now();
    queue(&db.store, &message(t, now)).await;
    let channel = Failing { calls: AtomicUsize::new(0), permanent: false };
    let first = deliver_due(&db.store, &channel, now).await.unwrap();
    assert_eq!((first.sent, first.retrying, first.gave_up), (0, 1, 0));
    // Not due again until the back-off has passed.
    assert_eq!(deliver_due(&db.store, &channel, now).await.unwrap(), Default::default());
    for attempt in 1..MAX_ATTEMPTS {
        now = now + retry_after(attempt) + jiff::SignedDuration::from_secs(1);
        deliver_due(&db.store, &channel, now).await.unwrap();
    }
    assert_eq!(channel.calls.load(Ordering::SeqCst) as i64, MAX_ATTEMPTS);
    let later = now + jiff::SignedDuration::from_hours(24);
    assert_eq!(deliver_due(&db.store, &channel, later).await.unwrap(), Default::default(), "given up: not tried again");
});

both_backends!(a_permanent_failure_is_given_up_at_once, |db| async move {
    let t = tenant(&db.store).await;
    let now = Timestamp::now();
    queue(&db.store, &message(t, now)).await;
    let channel = Failing { calls: AtomicUsize::new(0), permanent: true };
    let report = deliver_due(&db.store, &channel, now).await.unwrap();
    assert_eq!((report.retrying, report.gave_up), (0, 1));
});

/// Counts what it is asked to deliver, slowly, so that two delivery steps overlap.
struct Counting {
    calls: AtomicUsize,
}

impl Channel for Counting {
    async fn deliver(&self, _m: &OutboxMessage) -> Result<Option<String>, DeliveryError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        Ok(None)
    }
}

both_backends!(two_delivery_steps_at_once_never_send_a_message_twice, |db| async move {
    let t = tenant(&db.store).await;
    let now = Timestamp::now();
    for _ in 0..20 {
        queue(&db.store, &message(t, now)).await;
    }
    let channel = Counting { calls: AtomicUsize::new(0) };
    let (a, b) = tokio::join!(deliver_due(&db.store, &channel, now), deliver_due(&db.store, &channel, now));
    assert_eq!(a.unwrap().sent + b.unwrap().sent, 20);
    assert_eq!(channel.calls.load(Ordering::SeqCst), 20, "each message delivered once");
});

both_backends!(a_send_interrupted_by_a_crash_is_not_repeated_but_shows_as_not_delivered, |db| async move {
    let t = tenant(&db.store).await;
    let now = Timestamp::now();
    let m = message(t, now);
    queue(&db.store, &m).await;
    // A delivery step claims it, then the server dies before recording the result.
    assert_eq!(db.store.claim_due_messages(now, 10).await.unwrap().len(), 1);
    let channel = Counting { calls: AtomicUsize::new(0) };
    assert_eq!(deliver_due(&db.store, &channel, now + jiff::SignedDuration::from_mins(5)).await.unwrap().sent, 0);
    let later = now + jiff::SignedDuration::from_mins(20);
    assert_eq!(deliver_due(&db.store, &channel, later).await.unwrap().sent, 0);
    assert_eq!(channel.calls.load(Ordering::SeqCst), 0, "never sent twice");
    let stored = db.store.outbox_message(t, m.id).await.unwrap().unwrap();
    assert_eq!(stored.status, "failed");
    assert!(stored.last_error.unwrap().contains("interrupted"));
});
