// The portal this front end shows: its address, without a trailing slash. The portal must list this front end's
// origin in CORS_ALLOWED_ORIGINS. Opening index.html?portal=https://… overrides it for the browser tab.
window.PORTAL_URL = "http://127.0.0.1:8107";
