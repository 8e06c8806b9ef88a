vcl 4.1;
# Varnish in front of the portal's gunicorn workers (docs/production.md). It keeps only what the application
# marks shareable (Cache-Control: public, from cms.pagecache), lets every visitor with a session, an API
# token or any cookie but the language/CSRF ones straight through, and is purged by the application through
# wagtail.contrib.frontend_cache (FRONTEND_CACHE_URL=http://<this varnish>): PURGE <address> drops every query
# string of that address, PURGE <folder>* everything under the folder.

import std;
import cookie;

backend portal {
    # One gunicorn here; several machines go in a directors.round_robin() in vcl_init.
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
}

# Who may purge: the application servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Purging is not allowed from this address"));
        }
        if (req.url ~ "\*$") {
            ban("obj.http.x-url ~ ^" + regsub(req.url, "\*$", ""));
            return (synth(200, "Folder banned"));
        }
        set req.http.x-path = regsub(req.url, "\?.*$", "");
        ban("obj.http.x-url == " + req.http.x-path);
        ban("obj.http.x-url ~ ^" + req.http.x-path + "\?");
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # Never shared (cms.pagecache.EXCLUDED_PREFIXES): the admin, accounts, write endpoints, the API.
    if (req.url ~ "^/(admin|account|api|uchast|mova|_util|jsi18n|django-admin)/") {
        return (pass);
    }
    set req.url = std.querysort(req.url);
    if (req.http.Cookie) {
        # Only the language and CSRF cookies leave a visitor anonymous; any other one (the session, messages)
        # makes the answer personal.
        cookie.parse(req.http.Cookie);
        set req.http.x-language = cookie.get("django_language");
        cookie.filter("django_language,csrftoken");
        if (cookie.get_string() != "") {
            return (pass);
        }
        if (req.http.x-language ~ "^(uk|en)$") {
            set req.http.Cookie = "django_language=" + req.http.x-language;
        } else {
            unset req.http.Cookie;
        }
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    hash_data(req.http.host);
    # The language the page is written in (the portal's addresses are the same in every language).
    if (req.http.x-language ~ "^(uk|en)$") {
        hash_data(req.http.x-language);
    } else {
        hash_data("uk");
    }
    return (lookup);
}

sub vcl_backend_response {
    # Remembered for bans (the ban lurker tests objects without a request).
    set beresp.http.x-url = bereq.url;
    if (beresp.http.Cache-Control !~ "public" || beresp.http.Set-Cookie) {
        # Personal or uncacheable: remember not to wait for it (hit-for-miss) and never store it.
        set beresp.uncacheable = true;
        set beresp.ttl = 60s;
        return (deliver);
    }
    # Serve a slightly stale copy while one request refreshes it (purged copies are never served).
    set beresp.grace = 30s;
    # Text is stored compressed and sent so to every client that accepts gzip (Varnish unpacks it for the others):
    # a page or an API list is 3 to 10 times smaller on a resident's phone. Only public answers are compressed;
    # a personal one may carry a secret next to what the visitor typed (BREACH).
    if (beresp.http.Content-Type ~ "^(text/|application/([a-z.+-]*json|[a-z.+-]*xml|javascript))" &&
            !beresp.http.Content-Encoding) {
        set beresp.do_gzip = true;
    }
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-url;
    if (obj.uncacheable) {
        set resp.http.X-Varnish-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "HIT";
    } else {
        set resp.http.X-Varnish-Cache = "MISS";
    }
}
