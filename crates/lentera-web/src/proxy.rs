//! Running behind a reverse proxy: the public base URL every absolute link uses (QR codes,
//! certificate verification, share links), and the client address a trusted proxy reports.
//! Neither is taken from what a stranger sends: a `Host` header is never used for links, and
//! `X-Forwarded-For` counts only when the connection comes from a configured proxy (the
//! sign-in and code throttles are keyed on this address).

use std::net::{IpAddr, SocketAddr};

use axum::http::{HeaderMap, Uri};

use crate::AppState;

/// Checks a configured public base URL: `http` or `https`, a host, no path, query or
/// fragment; returned without a trailing slash.
pub fn public_url(s: &str) -> Result<String, String> {
    let bad = || format!("public_url: expected e.g. https://lentera.example.go.id, got {s:?}");
    let uri: Uri = s.trim().parse().map_err(|_| bad())?;
    let scheme_ok = matches!(uri.scheme_str(), Some("http" | "https"));
    let host_ok = uri.authority().is_some_and(|a| !a.host().is_empty());
    let bare = matches!(uri.path(), "" | "/") && uri.query().is_none() && !s.contains('#');
    if !(scheme_ok && host_ok && bare) {
        return Err(bad());
    }
    Ok(format!("{}://{}", uri.scheme_str().unwrap_or("https"), uri.authority().map(|a| a.as_str()).unwrap_or("")))
}

/// The base URL when none is configured: the address the server listens on (`localhost`
/// for an unspecified address).
pub fn local_base(addr: SocketAddr) -> String {
    if addr.ip().is_unspecified() { format!("http://localhost:{}", addr.port()) } else { format!("http://{addr}") }
}

/// The base of every absolute link (`https://host`, no trailing slash).
pub fn public_base(state: &AppState) -> &str {
    state.config.public_url.as_deref().unwrap_or("http://localhost")
}

/// The client's address: the connection's peer, or, when the peer is a trusted proxy, the
/// last address of `X-Forwarded-For` that is not itself a trusted proxy (what the proxy
/// nearest to us saw; earlier entries are the client's own claims).
pub fn client_addr(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    forwarded.into_iter().rev().find(|a| !trusted.contains(a)).unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_url_is_a_bare_origin() {
        assert_eq!(public_url("https://lentera.example.go.id/").unwrap(), "https://lentera.example.go.id");
        assert_eq!(public_url(" http://10.0.0.5:8080 ").unwrap(), "http://10.0.0.5:8080");
        for bad in ["lentera.example", "ftp://x.example", "https://x.example/app", "https://x.example/?a=1", "https://"]
        {
            assert!(public_url(bad).is_err(), "{bad}");
        }
        assert_eq!(local_base("0.0.0.0:8080".parse().unwrap()), "http://localhost:8080");
        assert_eq!(local_base("127.0.0.1:9000".parse().unwrap()), "http://127.0.0.1:9000");
    }

    #[test]
    fn forwarded_addresses_count_only_from_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", "1.2.3.4, 203.0.113.7, 10.0.0.2".parse().unwrap());
        let stranger: IpAddr = "198.51.100.9".parse().unwrap();
        assert_eq!(client_addr(stranger, &h, &[proxy]), stranger, "a stranger's header is ignored");
        assert_eq!(client_addr(proxy, &h, &[proxy]), "203.0.113.7".parse::<IpAddr>().unwrap());
        assert_eq!(client_addr(proxy, &h, &[]), proxy, "no proxy trusted");
        assert_eq!(client_addr(proxy, &HeaderMap::new(), &[proxy]), proxy);
        let mut junk = HeaderMap::new();
        junk.insert("x-forwarded-for", "not-an-address".parse().unwrap());
        assert_eq!(client_addr(proxy, &junk, &[proxy]), proxy);
    }
}
