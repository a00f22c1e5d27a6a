//! `quizc serve`: a real server on 127.0.0.1, a real file change, the
//! rebuilt page and the reload event; a broken file shows the error page and
//! then recovers.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(dir: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_quizc"))
        .args(["serve", "content", "--port", "3517"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("quizc serve starts");
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(at) = line.find("http://127.0.0.1:") {
                let port: String = line[at + 17..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                let _ = tx.send(port.parse::<u16>().unwrap());
            }
        }
    });
    let port = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("server prints its address");
    Server { child, port }
}

fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    let status = text[9..12].parse().unwrap();
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Lines of the reload stream (`data: connected` belongs to the hello
/// event; a reload is `data: <generation>`) arrive on the returned channel.
fn events(port: u16) -> mpsc::Receiver<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET /__quizc/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

fn wait_for(rx: &mpsc::Receiver<String>, prefix: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(line) if line.starts_with(prefix) && !line.ends_with("connected") => return line,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    panic!("no `{prefix}` line on the reload stream");
}

fn scratch() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("content")).unwrap();
    dir
}

fn quiz(title: &str) -> String {
    format!(
        "---\ntitle: {title}\n---\n\n## Capital · Multiple Choice\n\nThe capital of France?\n\n- [ ] Lyon\n- [x] Paris\n"
    )
}

#[test]
fn a_saved_change_rebuilds_the_page_and_sends_a_reload() {
    let dir = scratch();
    let file = dir.join("content/geo.md");
    std::fs::write(&file, quiz("First Title")).unwrap();
    let server = start(&dir);

    let (status, page) = get(server.port, "/geo/");
    assert_eq!(status, 200);
    assert!(page.contains("First Title"), "{page}");
    assert!(
        page.contains("/__quizc/events"),
        "the preview injects its reload script"
    );
    let (status, index) = get(server.port, "/");
    assert_eq!(status, 200);
    assert!(index.contains("geo/"), "{index}");
    assert!(!dir.join("dist").exists(), "serve writes nothing to dist/");

    let stream = events(server.port);
    wait_for(&stream, "event: hello");
    std::fs::write(&file, quiz("Second Title")).unwrap();
    wait_for(&stream, "data:");
    let (_, page) = get(server.port, "/geo/");
    assert!(page.contains("Second Title"), "{page}");

    // A broken file: its URL shows the diagnostics, the server keeps going.
    std::fs::write(
        &file,
        "## Capital · Multiple Choice\n\nThe capital?\n\n- [ ] Lyon\n- [ ] Paris\n",
    )
    .unwrap();
    wait_for(&stream, "data:");
    let (status, page) = get(server.port, "/geo/");
    assert_eq!(status, 200);
    assert!(page.contains("error[no-correct-answer]"), "{page}");
    assert!(page.contains("geo.md:1:1"), "{page}");

    // Fixing it brings the quiz back.
    std::fs::write(&file, quiz("Third Title")).unwrap();
    wait_for(&stream, "data:");
    let (_, page) = get(server.port, "/geo/");
    assert!(
        page.contains("Third Title") && !page.contains("error["),
        "{page}"
    );
    assert_eq!(get(server.port, "/nope/").0, 404);
}
