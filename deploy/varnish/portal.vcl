# Varnish between nginx and the gunicorn processes (docs/deployment.md, "The shared cache").
#
#   client --HTTPS--> nginx (TLS, body limits) --> Varnish 127.0.0.1:6081 --> gunicorn × N
#
# Debian's varnish (apt-get install varnish; scripts/system-deps.sh installs it for the tests).
# This file is the same everywhere; what differs per site (the gunicorn backends, their probe,
# and who may PURGE) lives in portal-site.vcl beside it (portal-site.vcl.example). Run:
#
#   varnishd -a 127.0.0.1:6081 -f /etc/varnish/portal.vcl -s malloc,1g
#
# and point nginx's upstream at it (PORTAL_UPSTREAMS='server 127.0.0.1:6081;'). The combined
# test (tests/stack/) runs this file unchanged, with a portal-site.vcl naming its processes.
#
# What is cached, and what never is:
# * Only answers that say Cache-Control s-maxage: the app says it on anonymous public pages
#   only (portal/page_cache.py). No s-maxage, private, no-store, no-cache or a Set-Cookie:
#   passed to the client, never stored.
# * A request with a session or messages cookie (a signed-in visitor) always goes to the app.
# * The admin, the request pages, search, the probes and /metrics always go to the app.
# * Cookies the app never reads (analytics …) are dropped; the CSRF and language cookies stay,
#   and only the language cookie makes a variant (the app's Vary: Cookie is kept for clients).
# * Accept-Language is reduced to the first language of the site the visitor lists (lv, en),
#   so Vary: Accept-Language makes two variants at most, not one per browser.
# * PURGE (catalogue_pages/purge.py) from an address in portal_purgers, sent straight to this
#   port (never through nginx), drops a path with every query string and variant;
#   "PURGE /*" drops everything (a sync run that changed more than a thousand addresses).

vcl 4.1;

import std;
import directors;

# backends, the director "portal" (vcl_init) and acl portal_purgers
include "portal-site.vcl";

sub vcl_recv {
    # nginx appended the client's address to X-Forwarded-For, Varnish appended nginx's: drop
    # that second hop, so the app keeps counting one proxy (TRUSTED_PROXY_COUNT=1).
    if (req.http.X-Forwarded-For ~ ",") {
        set req.http.X-Portal-Proxied = "1";
        set req.http.X-Forwarded-For = regsub(req.http.X-Forwarded-For, "\s*,[^,]*$", "");
    } else {
        unset req.http.X-Portal-Proxied;
        unset req.http.X-Forwarded-For;
    }

    if (req.method == "PURGE") {
        # Only from the app's own hosts, straight to this port: through nginx every request
        # comes from the proxy's address, so anything it forwarded is refused.
        if (client.ip !~ portal_purgers || req.http.X-Portal-Proxied) {
            return (synth(405, "PURGE not allowed"));
        }
        if (req.url == "/*") {
            # A mass change (a first sync): one ban of everything instead of thousands.
            ban("obj.http.X-Portal-Path ~ ^/");
        } else {
            ban("obj.http.X-Portal-Path == " + regsub(req.url, "\?.*$", ""));
        }
        return (synth(200, "Purged"));
    }
    unset req.http.X-Portal-Proxied;

    set req.backend_hint = portal.backend();
    # While the app is down, a stale copy (up to the grace of vcl_backend_response) is served.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin)/"
        || req.url ~ "^/[a-z][a-z]/(requests|search)/"
        || req.url ~ "^/(healthz|readyz|metrics)(\?|$)") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }

    # Keep only the cookies the app reads on a public page.
    if (req.http.Cookie) {
        set req.http.Cookie = ";" + req.http.Cookie;
        set req.http.Cookie = regsuball(req.http.Cookie, ";\s+", ";");
        set req.http.Cookie = regsuball(req.http.Cookie, ";(csrftoken|django_language)=", "; \1=");
        set req.http.Cookie = regsuball(req.http.Cookie, ";[^ ][^;]*", "");
        set req.http.Cookie = regsuball(req.http.Cookie, "^[; ]+|[; ]+$", "");
        if (req.http.Cookie == "") {
            unset req.http.Cookie;
        }
    }

    # Campaign parameters no page reads: one object for /lv/ and /lv/?utm_source=….
    if (req.url ~ "[?&](utm_[a-z]+|fbclid|gclid|mc_eid)=") {
        set req.url = regsuball(req.url, "(?<=[?&])(utm_[a-z]+|fbclid|gclid|mc_eid)=[^&]*&?", "");
        set req.url = regsub(req.url, "[?&]+$", "");
    }
    set req.url = std.querysort(req.url);

    # The first of the site's languages the visitor lists; none: the site's default.
    if (req.http.Accept-Language) {
        set req.http.Accept-Language = std.tolower(regsub(
            req.http.Accept-Language, "^.*?\b(lv|en|LV|EN|Lv|En)\b.*$", "\1"));
        if (req.http.Accept-Language !~ "^(lv|en)$") {
            unset req.http.Accept-Language;
        }
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    # The one cookie a public page depends on (the app's page cache keys on it too).
    if (req.http.Cookie ~ "(^|;\s*)django_language=") {
        hash_data(regsub(req.http.Cookie, "^(.*;\s*)?django_language=([^;]*).*$", "\2"));
    }
    return (lookup);
}

sub vcl_backend_response {
    # What a PURGE's ban looks at: the path without its query (bans on object headers only,
    # so the ban lurker can retire them without waiting for a lookup).
    set beresp.http.X-Portal-Path = regsub(bereq.url, "\?.*$", "");
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control !~ "(^|[,\s])s-maxage="
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
        || beresp.http.Vary == "*") {
        # Not for sharing: remember that for a while, so requests for it go straight through.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Vary: Cookie from the app means its language cookie, which vcl_hash already keys on;
    # left in, every visitor's CSRF cookie would make a variant of its own.
    if (beresp.http.Vary ~ "(?i)(^|,)\s*cookie\s*(,|$)") {
        set beresp.http.Vary = regsuball(beresp.http.Vary, "(?i)(^|,)\s*cookie\s*(?=,|$)", "");
        set beresp.http.Vary = regsub(beresp.http.Vary, "^\s*,\s*", "");
        set beresp.http.X-Portal-Vary-Cookie = "1";
    }
    set beresp.grace = 10m;
    return (deliver);
}

sub vcl_deliver {
    if (resp.http.X-Portal-Vary-Cookie) {
        set resp.http.Vary = resp.http.Vary + ", Cookie";
        set resp.http.Vary = regsub(resp.http.Vary, "^, ", "");
        unset resp.http.X-Portal-Vary-Cookie;
    }
    unset resp.http.X-Portal-Path;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
        # The request id of this request, not the one that filled the cache.
        if (req.http.X-Request-ID) {
            set resp.http.X-Request-ID = req.http.X-Request-ID;
        } else {
            unset resp.http.X-Request-ID;
        }
    } else {
        set resp.http.X-Cache = "MISS";
    }
    return (deliver);
}
