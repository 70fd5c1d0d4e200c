//! A hostile HTTP/1.1 server on loopback, written on raw TCP so that it can
//! do what no well-behaved mock does: redirect anywhere, echo the request
//! back, stall, send bodies that never end, reset the connection. It keeps
//! every byte it received, and when.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as it reached the server.
#[derive(Clone, Debug)]
pub struct Seen {
    /// The request line, headers and body, as received.
    pub raw: Vec<u8>,
    /// The request target (`/path?query`).
    pub target: String,
    pub method: String,
    pub at: Instant,
}

/// What the server answers.
pub enum Answer {
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Headers promising 1000 bytes, 10 of them, then nothing for 30 s.
    Stall {
        status: u16,
    },
    /// `word` again and again, `declared` bytes in all (announced as the
    /// Content-Length), or without end when None.
    Endless {
        status: u16,
        word: &'static [u8],
        declared: Option<u64>,
    },
    /// Reset the connection without answering.
    Reset,
}

impl Answer {
    pub fn status(status: u16, body: impl Into<Vec<u8>>) -> Answer {
        Answer::Full { status, headers: Vec::new(), body: body.into() }
    }

    pub fn json(status: u16, body: serde_json::Value) -> Answer {
        Answer::Full { status, headers: vec![("content-type".into(), "application/json".into())], body: body.to_string().into_bytes() }
    }

    pub fn redirect(status: u16, location: &str) -> Answer {
        Answer::Full { status, headers: vec![("location".into(), location.into())], body: b"moved".to_vec() }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Answer {
        if let Answer::Full { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
}

type Plan = dyn Fn(&Seen) -> Answer + Send + Sync;

pub struct Server {
    pub url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    connections: Arc<Mutex<usize>>,
}

impl Server {
    /// Start a server that answers every request as `plan` says.
    pub async fn start(plan: impl Fn(&Seen) -> Answer + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(Mutex::new(0));
        let plan: Arc<Plan> = Arc::new(plan);
        let (log, count) = (Arc::clone(&seen), Arc::clone(&connections));
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                *count.lock().unwrap() += 1;
                tokio::spawn(serve(stream, Arc::clone(&plan), Arc::clone(&log)));
            }
        });
        Server { url, seen, connections }
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// Every byte received so far, all requests together.
    pub fn bytes(&self) -> Vec<u8> {
        self.requests().into_iter().flat_map(|s| s.raw).collect()
    }

    /// Connections accepted so far, whether or not a request came on them.
    pub fn connections(&self) -> usize {
        *self.connections.lock().unwrap()
    }
}

async fn serve(mut stream: TcpStream, plan: Arc<Plan>, log: Arc<Mutex<Vec<Seen>>>) {
    let Some(seen) = read_request(&mut stream).await else { return };
    log.lock().unwrap().push(seen.clone());
    let answer = plan(&seen);
    let _ = answer_with(&mut stream, answer).await;
}

/// One request: head and a Content-Length body (what reqwest sends for the
/// byte bodies the clients build). At most 4 MiB is read.
async fn read_request(stream: &mut TcpStream) -> Option<Seen> {
    const MAX: usize = 4 * 1024 * 1024;
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let head_end = loop {
        if let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 || raw.len() > MAX {
            return None;
        }
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap_or(0)))
        .unwrap_or(0);
    while raw.len() < head_end + length.min(MAX) {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
    }
    let mut words = head.split_whitespace();
    let method = words.next().unwrap_or_default().to_string();
    let target = words.next().unwrap_or_default().to_string();
    Some(Seen { raw, target, method, at: Instant::now() })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        429 => "Too Many Requests",
        _ => "Hostile",
    }
}

async fn answer_with(stream: &mut TcpStream, answer: Answer) -> std::io::Result<()> {
    match answer {
        Answer::Full { status, headers, body } => {
            let mut head = format!("HTTP/1.1 {status} {}\r\ncontent-length: {}\r\nconnection: close\r\n", reason(status), body.len());
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("\r\n");
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(&body).await?;
            stream.shutdown().await
        }
        Answer::Stall { status } => {
            let head = format!(
                "HTTP/1.1 {status} {}\r\ncontent-length: 1000\r\ncontent-type: application/json\r\n\r\n{{\"data\": [",
                reason(status)
            );
            stream.write_all(head.as_bytes()).await?;
            stream.flush().await?;
            tokio::time::sleep(Duration::from_secs(30)).await;
            Ok(())
        }
        Answer::Endless { status, word, declared } => {
            let mut head = format!("HTTP/1.1 {status} {}\r\nconnection: close\r\n", reason(status));
            if let Some(length) = declared {
                head.push_str(&format!("content-length: {length}\r\n"));
            }
            head.push_str("\r\n");
            stream.write_all(head.as_bytes()).await?;
            // One chunk reused: the server's own memory stays small.
            let chunk: Vec<u8> = word.iter().copied().cycle().take(64 * 1024).collect();
            let mut left = declared.unwrap_or(u64::MAX);
            while left > 0 {
                let n = left.min(chunk.len() as u64) as usize;
                stream.write_all(&chunk[..n]).await?;
                left -= n as u64;
            }
            Ok(())
        }
        Answer::Reset => {
            // A zero linger makes the close a reset (RST), not a FIN.
            socket2::SockRef::from(&*stream).set_linger(Some(Duration::ZERO))?;
            Ok(())
        }
    }
}
