//! The browser tier's session: Debian's Chromium driven through ChromeDriver (WebDriver), shared
//! by tests/browser.rs and tests/browser_pages.rs (each includes this file by its path, so that
//! the tests without a browser do not build it).

// Each test binary uses only part of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator, key::Key};
use serde_json::json;

/// A process killed when dropped.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn tool(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from)
}

/// A headless Chromium session, or `None` (said on stderr) when the machine has no Chromium and
/// the tier is not required.
pub struct Browser {
    pub client: Client,
    _driver: Killed,
    _profile: tempfile::TempDir,
    shots: PathBuf,
}

impl Browser {
    pub async fn open() -> Option<Browser> {
        let driver = tool("CONCORD_CHROMEDRIVER", "/usr/bin/chromedriver");
        let chromium = tool("CONCORD_CHROMIUM", "/usr/bin/chromium");
        if !driver.exists() || !chromium.exists() {
            let missing = format!(
                "browser tier: {} or {} is missing (apt-get install chromium chromium-driver)",
                driver.display(),
                chromium.display()
            );
            assert!(
                std::env::var("CONCORD_BROWSER").as_deref() != Ok("required"),
                "{missing}, and CONCORD_BROWSER=required"
            );
            eprintln!("{missing}: skipped");
            return None;
        }
        // Port 0: ChromeDriver takes a free port and says which, so parallel tests never race
        // for one. It takes the IPv6 port first and exits when the same number is taken on
        // IPv4 ("IPv4 port not available"), which another test's server can make happen: a
        // new driver draws another port.
        let mut said = Vec::new();
        let (driver_process, port) = (0..3)
            .find_map(|_| start_driver(&driver, &mut said))
            .unwrap_or_else(|| panic!("chromedriver gave no port: {said:?}"));
        let profile = tempfile::tempdir().unwrap();
        // The flags keep Chromium off the network it would otherwise reach for at start
        // (updates, sync, QUIC probes), which this machine refuses.
        let args = [
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--window-size=1100,900".into(),
            "--lang=en-US".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": chromium, "args": args },
        });
        let serde_json::Value::Object(caps) = caps else {
            unreachable!()
        };
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|e| panic!("no Chromium session through {}: {e}", driver.display()));
        let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
        std::fs::create_dir_all(&shots).unwrap();
        Some(Browser {
            client,
            _driver: driver_process,
            _profile: profile,
            shots,
        })
    }

    /// The element named `name`, once it has the keyboard. Chromium applies `autofocus` at a
    /// rendering step after the load event, so under load the focus may arrive a moment after
    /// `goto` returns; without `autofocus` it never does.
    pub async fn focus_on_arrival(&self, name: &str) -> fantoccini::elements::Element {
        let started = Instant::now();
        loop {
            let e = self.client.active_element().await.unwrap();
            if e.attr("name").await.unwrap().as_deref() == Some(name) {
                return e;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{name} must have the focus when the page opens"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Types `query` where the keyboard is on arrival, presses Enter, and waits for the answer.
    pub async fn look_up(&self, base: &str, query: &str) {
        self.client.goto(base).await.unwrap();
        let focused = self.focus_on_arrival("q").await;
        focused
            .send_keys(&format!("{query}{}", char::from(Key::Enter)))
            .await
            .unwrap();
        // The answer is a new page whose box holds the query.
        let started = Instant::now();
        loop {
            let value = match self.client.find(Locator::Css("input[name=q]")).await {
                Ok(e) => e.prop("value").await.unwrap_or_default(),
                Err(_) => None,
            };
            if value.as_deref() == Some(query)
                && self.client.find(Locator::Css("main > *")).await.is_ok()
            {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "no answer page for {query:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The rendered text of every element `css` selects.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for e in self.client.find_all(Locator::Css(css)).await.unwrap() {
            out.push(e.text().await.unwrap());
        }
        out
    }

    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(self.shots.join(format!("{name}.png")), png).unwrap();
    }

    pub async fn close(self) {
        self.client.close().await.unwrap();
    }
}

/// Starts ChromeDriver on a port of its choosing: the process and the port, or none when it
/// exits without one (what it said is added to `said`).
fn start_driver(driver: &Path, said: &mut Vec<String>) -> Option<(Killed, u16)> {
    let mut child = Command::new(driver)
        .arg("--port=0")
        // Nothing to read: the driver and its browsers get no terminal of the test's.
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", driver.display()));
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let port = lines.by_ref().map_while(Result::ok).find_map(|l| {
        let port = l
            .split("started successfully on port ")
            .nth(1)
            .and_then(|rest| rest.trim_end_matches('.').parse::<u16>().ok());
        said.push(l);
        port
    });
    // Keep reading what it says later, so that it never writes into a closed pipe.
    std::thread::spawn(move || lines.for_each(drop));
    let process = Killed(child);
    port.map(|port| (process, port))
}
