//! Tile URL underlays (issue 19) against a local HTTP server this test starts on
//! 127.0.0.1: tiles are fetched, drawn and kept in the disk cache, so the map is drawn
//! again with the server gone; a server that answers 500, one that sends text instead of
//! an image, and one that is down each leave the underlay out with the reason, and the
//! map is still written.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};

/// Serves every request by its path: `/ok/…` a red 256 × 256 PNG, `/err/…` HTTP 500,
/// `/text/…` a text page; stops after `n` requests. Returns the port and the count of
/// requests served.
fn serve(n: usize) -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let served = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = std::sync::Arc::clone(&served);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let mut png = Vec::new();
    image::RgbaImage::from_pixel(256, 256, image::Rgba([230, 10, 10, 255]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("png");
    std::thread::spawn(move || {
        for stream in listener.incoming().take(n) {
            let Ok(mut stream) = stream else { continue };
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut line = String::new();
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let _ = reader.read_line(&mut line);
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).unwrap_or(0) <= 2 {
                    break;
                }
            }
            let (status, kind, body): (&str, &str, Vec<u8>) = if line.contains(" /ok/") {
                ("200 OK", "image/png", png.clone())
            } else if line.contains(" /text/") {
                (
                    "200 OK",
                    "text/html",
                    b"<html>tile server says hello</html>".to_vec(),
                )
            } else {
                (
                    "500 Internal Server Error",
                    "text/plain",
                    b"broken".to_vec(),
                )
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    (port, served)
}

fn plan(dir: &Path) -> std::path::PathBuf {
    let (a, b, c, d) = (114.06, 22.55, 114.0602, 22.55018);
    let plan = serde_json::json!({
        "type": "FeatureCollection", "strata": { "format": 1 },
        "features": [ { "type": "Feature", "id": "p-1",
            "geometry": { "type": "Polygon", "coordinates": [[[a, b], [c, b], [c, d], [a, d], [a, b]]] },
            "properties": { "kind": "parcel", "strata": [] } } ] });
    let path = dir.join("plan.geojson");
    std::fs::write(&path, plan.to_string()).expect("plan");
    path
}

fn render(plan: &Path, out: &Path, url: &str, cache: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_strata"))
        .args([
            "render",
            &plan.display().to_string(),
            "--out",
            &out.display().to_string(),
        ])
        .args(["--no-labels", "--basemap", url, "--lang", "en"])
        .env("STRATA_TILE_CACHE", cache)
        .output()
        .expect("run strata")
}

fn red_pixels(map: &Path) -> usize {
    let image = image::open(map).expect("map").into_rgba8();
    image
        .pixels()
        .filter(|p| p[0] > 200 && p[1] < 40 && p[2] < 40)
        .count()
}

#[test]
fn tiles_are_fetched_cached_and_drawn_offline() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = dir.path().join("cache");
    let plan = plan(dir.path());
    let (port, served) = serve(64);
    let url = format!("http://127.0.0.1:{port}/ok/{{z}}/{{x}}/{{y}}.png");
    let first = dir.path().join("first.png");
    let out = render(&plan, &first, &url, &cache);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && !stderr.contains("left out"),
        "{stderr}"
    );
    assert!(red_pixels(&first) > 10_000, "the tiles are drawn");
    // Drawn again, the same URL is served from the cache: no request reaches the server.
    let cached = walk(&cache);
    let requests = served.load(std::sync::atomic::Ordering::SeqCst);
    assert_eq!(cached, requests, "every tile fetched is kept");
    let port_down = TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("a")
        .port();
    let second = dir.path().join("second.png");
    let out = render(&plan, &second, &url, &cache);
    assert!(out.status.success());
    assert_eq!(
        red_pixels(&first),
        red_pixels(&second),
        "drawn again from the cache"
    );
    assert_eq!(
        served.load(std::sync::atomic::Ordering::SeqCst),
        requests,
        "offline"
    );
    // A server that is down (a port nobody listens on) leaves the underlay out.
    let down = format!("http://127.0.0.1:{port_down}/ok/{{z}}/{{x}}/{{y}}.png");
    let out = render(&plan, &dir.path().join("down.png"), &down, &cache);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.contains("left out"),
        "{stderr}"
    );
    assert!(dir.path().join("down.png").is_file());
}

#[test]
fn server_errors_and_non_images_leave_the_underlay_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cache = dir.path().join("cache");
    let plan = plan(dir.path());
    let (port, _) = serve(16);
    for (path, needle) in [("err", "HTTP 500"), ("text", "not an image")] {
        let url = format!("http://127.0.0.1:{port}/{path}/{{z}}/{{x}}/{{y}}.png");
        let map = dir.path().join(format!("{path}.png"));
        let out = render(&plan, &map, &url, &cache);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(
            stderr.contains("left out") && stderr.contains(needle),
            "{stderr}"
        );
        assert!(map.is_file() && red_pixels(&map) == 0);
    }
    assert_eq!(walk(&cache), 0, "nothing bad is cached");
}

/// Files under a folder.
fn walk(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|e| {
            if e.path().is_dir() {
                walk(&e.path())
            } else {
                1
            }
        })
        .sum()
}
