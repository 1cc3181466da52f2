//! A sign-in burst cannot blow up the server's memory: 200 parallel attempts, each from its own
//! address (behind a trusted proxy, so throttling lets them through to the password check),
//! and the process stays small. Its own test binary, so no other test shares the process.

mod support;

/// A memory figure of this process in MiB from /proc (Linux): `VmRSS` now, `VmHWM` its peak.
fn memory_mib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

fn resident_mib() -> Option<u64> {
    memory_mib("VmRSS:")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_parallel_sign_ins_stay_under_128_mib() {
    let proxy = app::server::config::parse_ranges("127.0.0.1").expect("range");
    let h = support::harness_with(proxy).await;
    // The harness hashed the demo password already: the peak so far includes one block.
    let before = memory_mib("VmHWM:").unwrap_or(0);
    let attempts: Vec<_> = (0..200)
        .map(|n| {
            let h = h.clone();
            tokio::spawn(async move {
                let address = format!("198.51.{}.{}", n / 200, n % 200 + 1);
                let form = format!("username=nobody{n}&password=wrong-password");
                h.send(
                    "POST",
                    "/api/auth/login",
                    None,
                    &[("x-forwarded-for", address.as_str())],
                    form.into_bytes(),
                )
                .await
            })
        })
        .collect();
    let mut answers = std::collections::BTreeMap::new();
    let mut peak = 0;
    for attempt in attempts {
        let reply = attempt.await.expect("join");
        *answers
            .entry(reply.error.unwrap_or_else(|| reply.status.to_string()))
            .or_insert(0) += 1;
        peak = peak.max(resident_mib().unwrap_or(0));
    }
    let after = resident_mib().unwrap_or(0);
    let high = memory_mib("VmHWM:").unwrap_or(0);
    eprintln!(
        "answers {answers:?}; peak before {before} MiB, during {high} MiB; \
         resident at the joins up to {peak} MiB, after {after} MiB"
    );
    assert!(
        answers
            .keys()
            .all(|k| k == "bad_credentials" || k == "busy"),
        "{answers:?}"
    );
    assert!(answers.get("bad_credentials").copied().unwrap_or(0) > 0);
    assert!(peak < 128, "resident memory peaked at {peak} MiB");
    // The burst ran under the bound every server starts with: one block at a time.
    assert_eq!(app::server::password::hash_bound(), 1);
    assert!(after < 128, "resident memory after the burst: {after} MiB");
}
