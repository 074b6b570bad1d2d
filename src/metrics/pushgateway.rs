//! The run-status gauge on a Prometheus pushgateway (DESIGN §3), when the environment names
//! one (`pushgateway` variable, `http://host:port`). The pushgateway API is two plain HTTP
//! requests, PUT and DELETE on `/metrics/job/pdm/correlation_id/<id>`, so this speaks HTTP/1.1
//! over a TCP stream rather than pulling in an HTTP client; pushgateways sit inside the VPC
//! on plain http.

use crate::error::{Error, Result};
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

/// What the run-status gauge says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunStatus {
    Running,
    Completed,
    Failed,
    Cancelled,
}

impl RunStatus {
    /// The gauge's value (DESIGN §3): running 1, completed 2, failed 3, cancelled 4.
    pub fn value(self) -> u8 {
        match self {
            RunStatus::Running => 1,
            RunStatus::Completed => 2,
            RunStatus::Failed => 3,
            RunStatus::Cancelled => 4,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushgateway {
    host: String,
    port: u16,
    /// Path prefix when the gateway sits behind one (no trailing slash).
    prefix: String,
}

const TIMEOUT: Duration = Duration::from_secs(10);

impl Pushgateway {
    /// `http://host[:port][/prefix]`; port 9091 (the pushgateway's) when none is given.
    pub fn parse(url: &str) -> Result<Pushgateway> {
        let bad = |why: &str| Error::variable("pushgateway", format!("`{url}` {why}"));
        let rest = url
            .strip_prefix("http://")
            .ok_or_else(|| bad("is not an http:// URL (https is not supported)"))?;
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) => (h, p.parse::<u16>().map_err(|_| bad("has a bad port"))?),
            None => (authority, 9091),
        };
        let host_ok = !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || "-.".contains(c));
        let path_ok = path.chars().all(|c| c.is_ascii_alphanumeric() || "-._/".contains(c));
        if !host_ok || !path_ok {
            return Err(bad("is not a host[:port][/path] URL"));
        }
        let prefix = path.trim_matches('/');
        Ok(Pushgateway {
            host: host.to_string(),
            port,
            prefix: if prefix.is_empty() {
                String::new()
            } else {
                format!("/{prefix}")
            },
        })
    }

    fn group_path(&self, correlation_id: &str) -> String {
        format!(
            "{}/metrics/job/pdm/correlation_id/{}",
            self.prefix,
            encode(correlation_id)
        )
    }

    /// Replaces the run's group with the run-status gauge.
    pub fn push_run_status(&self, environment: &str, correlation_id: &str, status: RunStatus) -> Result<()> {
        let body = format!(
            "# TYPE pdm_run_status gauge\n# HELP pdm_run_status PDM run: running 1, completed 2, failed 3, cancelled 4.\npdm_run_status{{environment=\"{environment}\"}} {}\n",
            status.value()
        );
        self.request("PUT", &self.group_path(correlation_id), &body)
    }

    /// Deletes the run's group (the flush at the end of a run).
    pub fn delete(&self, correlation_id: &str) -> Result<()> {
        self.request("DELETE", &self.group_path(correlation_id), "")
    }

    fn request(&self, method: &str, path: &str, body: &str) -> Result<()> {
        let what = format!("pushgateway {method} http://{}:{}{path}", self.host, self.port);
        let fail = |e: &dyn std::fmt::Display| Error::aws(what.clone(), e);
        let addr = (self.host.as_str(), self.port)
            .to_socket_addrs()
            .map_err(|e| fail(&e))?
            .next()
            .ok_or_else(|| fail(&"no address"))?;
        let mut stream = TcpStream::connect_timeout(&addr, TIMEOUT).map_err(|e| fail(&e))?;
        stream.set_read_timeout(Some(TIMEOUT)).map_err(|e| fail(&e))?;
        stream.set_write_timeout(Some(TIMEOUT)).map_err(|e| fail(&e))?;
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}:{}\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.host,
            self.port,
            body.len()
        );
        stream.write_all(request.as_bytes()).map_err(|e| fail(&e))?;
        let mut response = Vec::new();
        // The status line is all that matters; the gateway closes the connection after it.
        let _ = stream.take(64 * 1024).read_to_end(&mut response);
        let text = String::from_utf8_lossy(&response);
        let status_line = text.lines().next().unwrap_or("");
        let code = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse::<u16>().ok());
        match code {
            Some(c) if (200..300).contains(&c) => Ok(()),
            Some(_) => Err(fail(&format!("answered `{status_line}`"))),
            None => Err(fail(&"no HTTP response")),
        }
    }
}

/// Percent-encodes a path segment (correlation ids are validated, but a path stays a path).
fn encode(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
