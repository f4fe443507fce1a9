//! A `concord serve` run as users run it, for the tests that drive it over HTTP: the real
//! binary on an ephemeral port.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use super::Db;

/// A running server; killed when dropped, unless the test stopped it.
pub struct Server {
    child: Child,
    pub base: String,
}

impl Server {
    pub fn start(db: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("concord"))
            .env_remove("CONCORD_DB")
            .arg("--db")
            .arg(db)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| {
                let mut err = String::new();
                child.stderr.take().unwrap().read_to_string(&mut err).ok();
                panic!("no address line: {line:?} {err}")
            })
            .to_string();
        Server { child, base }
    }

    pub fn addr(&self) -> &str {
        self.base.strip_prefix("http://").unwrap()
    }

    pub fn agent() -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into()
    }

    /// GET `path` with these query parameters: status and body.
    pub fn get(&self, path: &str, query: &[(&str, &str)]) -> (u16, String) {
        self.get_with(path, query, None)
    }

    pub fn get_with(
        &self,
        path: &str,
        query: &[(&str, &str)],
        token: Option<&str>,
    ) -> (u16, String) {
        let mut req = Self::agent().get(format!("{}{path}", self.base));
        for (k, v) in query {
            req = req.query(*k, *v);
        }
        if let Some(t) = token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        let mut r = req.call().unwrap();
        let status = r.status().as_u16();
        (status, r.body_mut().read_to_string().unwrap())
    }

    /// POST a TSV draft to `/api/check`, with these extra headers.
    pub fn check(
        &self,
        query: &[(&str, &str)],
        body: &[u8],
        headers: &[(&str, &str)],
    ) -> (u16, String) {
        let mut req = Self::agent()
            .post(format!("{}/api/check", self.base))
            .header("Content-Type", "text/tab-separated-values");
        for (k, v) in query {
            req = req.query(*k, *v);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let mut r = req.send(body).unwrap();
        let status = r.status().as_u16();
        (status, r.body_mut().read_to_string().unwrap())
    }

    /// A request with any method, query, headers and body: status and body.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        query: &[(&str, &str)],
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> (u16, String) {
        let mut uri = format!("{}{path}", self.base);
        if !query.is_empty() {
            uri.push('?');
            uri.push_str(&form(query));
        }
        let mut req = ureq::http::Request::builder().method(method).uri(uri);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let mut r = Self::agent().run(req.body(body.to_vec()).unwrap()).unwrap();
        let status = r.status().as_u16();
        (status, r.body_mut().read_to_string().unwrap())
    }

    /// A JSON body sent with this method.
    pub fn json(&self, method: &str, path: &str, body: &Value) -> (u16, String) {
        self.send(
            method,
            path,
            &[],
            &[("Content-Type", "application/json")],
            body.to_string().as_bytes(),
        )
    }

    /// Sends SIGTERM and waits: the exit code.
    pub fn terminate(mut self) -> Option<i32> {
        let killed = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let code = self.child.wait().unwrap().code();
        std::mem::forget(self);
        code
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The CLI's standard output for `args` (with `--json`), whatever its exit code (0 or 1).
/// Pairs as a query string or a form's body (`application/x-www-form-urlencoded`).
pub fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encoded(k), encoded(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A query parameter's bytes, percent-encoded but for the unreserved ones.
fn encoded(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub fn cli_json(db: &Db, args: &[&str], stdin: Option<&[u8]>) -> String {
    let mut cmd = db.cmd();
    cmd.arg("--json").args(args);
    if let Some(bytes) = stdin {
        cmd.write_stdin(bytes.to_vec());
    }
    let out = cmd.output().unwrap();
    let code = out.status.code().unwrap();
    assert!(code <= 1, "{args:?} exited {code}");
    String::from_utf8(out.stdout).unwrap()
}

pub fn error_of(body: &str) -> String {
    let v: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    v["error"]
        .as_str()
        .unwrap_or_else(|| panic!("no error: {body}"))
        .to_string()
}

/// An import sent by hand: the headers and the first `sent` bytes of `body`, the rest held
/// back until [`Held::finish`], so that the import is running for as long as the test needs.
pub struct Held {
    stream: TcpStream,
    rest: Vec<u8>,
}

impl Held {
    pub fn start(server: &Server, query: &str, body: &[u8], sent: usize) -> Held {
        Held::post(server, &format!("/api/tm/import?{query}"), body, sent)
    }

    /// A TSV body posted to `path` (with its query), the first `sent` bytes sent.
    pub fn post(server: &Server, path: &str, body: &[u8], sent: usize) -> Held {
        let mut stream = TcpStream::connect(server.addr()).unwrap();
        write!(
            stream,
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: text/tab-separated-values\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            server.addr(),
            body.len()
        )
        .unwrap();
        stream.write_all(&body[..sent]).unwrap();
        stream.flush().unwrap();
        Held {
            stream,
            rest: body[sent..].to_vec(),
        }
    }

    /// Sends the rest: the status and the body of the answer. The answer is read even when
    /// the rest cannot be sent: a server that refuses a body (413) may close before its end.
    pub fn finish(mut self) -> (u16, String) {
        let _ = self.stream.write_all(&self.rest);
        let mut reader = BufReader::new(self.stream);
        let mut head = String::new();
        reader.read_line(&mut head).unwrap();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 2 {
            line.clear();
        }
        let mut body = String::new();
        let _ = reader.read_to_string(&mut body);
        (status, body)
    }
}

/// A `--json` answer without its import times, which differ between two databases made
/// seconds apart.
pub fn timeless(answer: &str) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(o) => {
                o.remove("imported_at");
                o.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v: Value = serde_json::from_str(answer).unwrap();
    strip(&mut v);
    v
}
