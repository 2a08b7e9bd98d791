//! An import from the admin pages runs as a job of its own, not inside the request that sent
//! the files: a large file takes a minute or more, longer than a browser should wait on one
//! page, and the administrator can watch how far it has got (`GET /import/{id}`) or leave and
//! come back. Jobs live in this server process; a finished one is kept for an hour.
use asbcase_domain::UserId;
use asbcase_domain::import::Problem;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

/// How long a finished job's result can be looked at again.
const KEPT: Duration = Duration::from_secs(60 * 60);

/// What a job is doing now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Reading = 0,
    Checking = 1,
    Importing = 2,
    Finished = 3,
}

/// How a job ended, as the import page shows it.
#[derive(Default)]
pub struct Outcome {
    /// Problems by file, the file's name beside each (the first few), and how many there were.
    pub problems: Vec<(String, Problem)>,
    pub problems_total: usize,
    /// A clean check: what each row would become (the first few), and how many rows.
    pub checked: Vec<String>,
    pub checked_total: usize,
    /// An import done: how many cases, and the first and last references given.
    pub imported: Option<(usize, String, String)>,
    /// Something went wrong that is not the files' fault (the database, say).
    pub failed: Option<String>,
}

/// One import: whose it is, how far it has got and, once finished, how it ended.
pub struct Job {
    pub owner: UserId,
    /// "Check and import" was chosen (not only a check).
    pub import: bool,
    pub file: String,
    stage: AtomicU8,
    done: AtomicU64,
    total: AtomicU64,
    outcome: Mutex<Option<Arc<Outcome>>>,
    finished_at: Mutex<Option<Instant>>,
}

impl Job {
    pub fn stage(&self) -> Stage {
        match self.stage.load(Ordering::Acquire) {
            0 => Stage::Reading,
            1 => Stage::Checking,
            2 => Stage::Importing,
            _ => Stage::Finished,
        }
    }

    /// Move on to `stage`, with `total` cases to go through.
    pub fn begin(&self, stage: Stage, total: usize) {
        self.done.store(0, Ordering::Release);
        self.total.store(total as u64, Ordering::Release);
        self.stage.store(stage as u8, Ordering::Release);
    }

    /// `done` of the stage's cases have been gone through.
    pub fn progress(&self, done: u64) {
        self.done.store(done, Ordering::Release);
    }

    /// (done, total) of the current stage.
    pub fn counts(&self) -> (u64, u64) {
        (self.done.load(Ordering::Acquire), self.total.load(Ordering::Acquire))
    }

    pub fn finish(&self, outcome: Outcome) {
        if let Ok(mut o) = self.outcome.lock() {
            *o = Some(Arc::new(outcome));
        }
        if let Ok(mut at) = self.finished_at.lock() {
            *at = Some(Instant::now());
        }
        self.stage.store(Stage::Finished as u8, Ordering::Release);
    }

    pub fn outcome(&self) -> Option<Arc<Outcome>> {
        self.outcome.lock().ok().and_then(|o| o.clone())
    }

    fn expired(&self, now: Instant) -> bool {
        self.finished_at.lock().ok().and_then(|at| *at).is_some_and(|at| now.duration_since(at) > KEPT)
    }
}

static JOBS: LazyLock<Mutex<HashMap<uuid::Uuid, Arc<Job>>>> = LazyLock::new(Default::default);

/// Register a new job (forgetting finished ones older than an hour) and give back its id.
pub fn start(owner: UserId, import: bool, file: String) -> (uuid::Uuid, Arc<Job>) {
    let job = Arc::new(Job {
        owner,
        import,
        file,
        stage: AtomicU8::new(Stage::Reading as u8),
        done: AtomicU64::new(0),
        total: AtomicU64::new(0),
        outcome: Mutex::new(None),
        finished_at: Mutex::new(None),
    });
    let id = uuid::Uuid::new_v4();
    if let Ok(mut jobs) = JOBS.lock() {
        let now = Instant::now();
        jobs.retain(|_, j| !j.expired(now));
        jobs.insert(id, job.clone());
    }
    (id, job)
}

/// The job `id`, if it is `owner`'s: no one else may see its problems or rows.
pub fn find(id: uuid::Uuid, owner: UserId) -> Option<Arc<Job>> {
    JOBS.lock().ok()?.get(&id).filter(|j| j.owner == owner).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_is_only_found_by_whoever_started_it() {
        let (alice, bob) = (UserId::new(), UserId::new());
        let (id, job) = start(alice, true, "cases.csv".into());
        assert!(find(id, alice).is_some());
        assert!(find(id, bob).is_none());
        assert_eq!(job.stage(), Stage::Reading);
        job.begin(Stage::Checking, 10);
        job.progress(4);
        assert_eq!((job.stage(), job.counts()), (Stage::Checking, (4, 10)));
        job.finish(Outcome { checked_total: 10, ..Outcome::default() });
        assert_eq!(job.stage(), Stage::Finished);
        assert_eq!(find(id, alice).and_then(|j| j.outcome()).map(|o| o.checked_total), Some(10));
    }
}
