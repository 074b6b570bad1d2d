//! The pushgateway client against a plain HTTP server on 127.0.0.1.

use crate::support;

use pdmctl::metrics::pushgateway::{Pushgateway, RunStatus};

#[test]
fn pushes_and_deletes_the_run_group() {
    let (url, seen) = support::http_recorder("200 OK");
    let gw = Pushgateway::parse(&url).unwrap();
    gw.push_run_status("qa", "run-1", RunStatus::Failed).unwrap();
    Pushgateway::parse(&format!("{url}/gw/"))
        .unwrap()
        .delete("run-1")
        .unwrap();
    let seen = seen.lock().unwrap().clone();
    assert!(
        seen[0].starts_with("PUT /metrics/job/pdm/correlation_id/run-1 HTTP/1.1"),
        "{seen:?}"
    );
    assert!(seen[0].ends_with("pdm_run_status{environment=\"qa\"} 3"), "{seen:?}");
    assert!(
        seen[1].starts_with("DELETE /gw/metrics/job/pdm/correlation_id/run-1 HTTP/1.1"),
        "{seen:?}"
    );
}

#[test]
fn refusals_and_errors_are_one_line() {
    let (url, _) = support::http_recorder("500 Internal Server Error");
    let err = Pushgateway::parse(&url)
        .unwrap()
        .push_run_status("qa", "r", RunStatus::Running)
        .unwrap_err()
        .to_string();
    assert!(err.contains("answered `HTTP/1.1 500 Internal Server Error`"), "{err}");
    for bad in [
        "https://gw:9091",
        "gw:9091",
        "http://gw:x",
        "http://g w",
        "http://gw/a?b",
    ] {
        let e = Pushgateway::parse(bad).unwrap_err().to_string();
        assert!(e.starts_with("variable pushgateway: `"), "{bad}: {e}");
    }
    // Nothing listens on this port: a clear error, not a hang.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let e = Pushgateway::parse(&format!("http://127.0.0.1:{port}"))
        .unwrap()
        .delete("r")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("pushgateway DELETE"), "{e}");
}
