// A reference front end for the portal, built only from its JSON API (docs/api.md) over CORS: no build step,
// no framework, no cookies. Routes live in the address's hash: #/ (home), #/p/<portal path> (any page, found
// by its portal address), #/petytsii/<id> (a petition), and ?preview=<token>&page=<id> (a draft the admin opened).
"use strict";

const params = new URLSearchParams(location.search);
if (params.get("portal")) sessionStorage.setItem("portal", params.get("portal"));
const PORTAL = (sessionStorage.getItem("portal") || window.PORTAL_URL || "").replace(/\/$/, "");
const API = `${PORTAL}/api/v3`;
const TOKEN_KEY = "portal-api-token";
const view = () => document.querySelector("[data-view]");

// --- helpers ---------------------------------------------------------------------------------------------------

// Builds an element; strings become text nodes (never HTML), so nothing from the API is run as markup except the
// rich text the portal already sanitises (set through `html`).
function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "html") element.innerHTML = value;
    else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

class ApiError extends Error {
  constructor(status, problem) {
    super((problem && problem.detail) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

async function api(path, options = {}) {
  const url = path.startsWith("http") ? path : `${API}${path}`;
  let response;
  try {
    response = await fetch(url, { ...options, credentials: "omit", headers: { Accept: "application/json",
      ...(options.headers || {}) } });
  } catch (error) {
    throw new ApiError(0, { detail: "Портал не відповідає цьому сайту (мережа або CORS).", code: "network" });
  }
  const body = response.headers.get("Content-Type")?.includes("json") ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

const dateFormat = new Intl.DateTimeFormat("uk-UA", { day: "numeric", month: "long", year: "numeric" });
const dateTimeFormat = new Intl.DateTimeFormat("uk-UA", { day: "numeric", month: "long", year: "numeric",
  hour: "2-digit", minute: "2-digit" });
const formatDate = (value) => (value ? dateFormat.format(new Date(value)) : "");
const formatDateTime = (value) => (value ? dateTimeFormat.format(new Date(value)) : "");

// A portal address (absolute) as a route of this front end.
function route(url) {
  if (!url) return "#/";
  const path = new URL(url, PORTAL).pathname;
  return path === "/" ? "#/" : `#/p${path}`;
}

function image(value, rendition = "large", extra = {}) {
  if (!value) return null;
  const chosen = value.renditions[rendition];
  return h("img", { src: chosen.url, width: chosen.width, height: chosen.height, alt: value.alt, ...extra });
}

function setTitle(title) {
  document.title = `${title} — ${document.querySelector("[data-frame-city]").textContent}`;
}

function show(...nodes) {
  const target = view();
  target.replaceChildren(...nodes.flat().filter(Boolean));
  const heading = target.querySelector("h1");
  if (heading) setTitle(heading.textContent);
}

function problemView(error) {
  return h("div", { class: "notice notice--error", role: "alert" },
    h("h1", {}, error.status === 404 ? "Сторінку не знайдено" : "Не вдалося завантажити"),
    h("p", {}, error.message), error.problem.code ? h("p", { class: "meta" }, `Код: ${error.problem.code}`) : null);
}

// --- the frame: identity, menu, footer, social links ----------------------------------------------------------

async function loadFrame() {
  const frame = await api("/home/site/");
  document.documentElement.lang = frame.language;
  document.documentElement.style.setProperty("--brand", frame.identity.primary_colour);
  document.querySelector("[data-frame-city]").textContent = frame.identity.city_name;
  document.querySelector("[data-frame-council]").textContent = frame.identity.council_name;
  const arms = document.querySelector("[data-frame-arms]");
  if (frame.identity.coat_of_arms) {
    arms.src = frame.identity.coat_of_arms.renditions.thumbnail.url;
    arms.hidden = false;
  }
  const links = (items) => items.map((link) => h("li", {},
    h("a", { href: link.url.startsWith(PORTAL) ? route(link.url) : link.url }, link.label)));
  document.querySelector("[data-frame-menu]").replaceChildren(...links(frame.menu));
  document.querySelector("[data-frame-footer]").replaceChildren(...links(frame.footer));
  document.querySelector("[data-frame-social]").replaceChildren(...frame.social.map((link) =>
    h("li", {}, h("a", { href: link.url, rel: "noopener" }, link.name))));
  const contacts = frame.contacts;
  document.querySelector("[data-frame-contacts]").textContent =
    [contacts.address, contacts.phone, contacts.email, contacts.working_hours].filter(Boolean).join(" · ");
  document.querySelector("[data-frame-footer-text]").textContent = contacts.footer_text;
  return frame;
}

// --- StreamField blocks and shared pieces ---------------------------------------------------------------------

function block(item) {
  const value = item.value;
  switch (item.type) {
    case "heading": return h(value.level || "h2", {}, value.text);
    case "paragraph": case "text": return h("div", { class: "rich-text", html: value });
    case "image": return value.image ? h("figure", {}, image(value.image),
      value.caption ? h("figcaption", {}, value.caption) : null) : null;
    case "documents": return h("section", {}, value.heading ? h("h2", {}, value.heading) : null,
      h("ul", {}, value.documents.filter((row) => row.document).map((row) => h("li", {},
        h("a", { href: row.document.url }, row.title || row.document.title),
        ` (${row.document.file_extension.toUpperCase()})`))));
    case "accordion": return h("section", {}, value.heading ? h("h2", {}, value.heading) : null,
      value.items.map((row) => h("details", {}, h("summary", {}, row.title), h("div", { html: row.body }))));
    case "contact": return h("dl", { class: "contact-card" }, h("dt", {}, value.name), h("dd", {},
      [value.position, value.phone, value.email, value.address, value.hours].filter(Boolean).join(" · ")));
    case "video": return h("p", {}, h("a", { href: value.url, rel: "noopener" }, value.title || value.url));
    case "table": return value && value.data ? h("table", {}, h("tbody", {}, value.data.map((row) =>
      h("tr", {}, row.map((cell) => h("td", {}, cell ?? "")))))) : null;
    case "quick_links": return h("section", { class: "section" }, h("h2", {}, value.title), h("ul", {},
      value.links.map((link) => h("li", {}, h("a", { href: link.page ? route(link.page.url) : link.url },
        link.title)))));
    default: return null;
  }
}

function newsList(items, level = "h2") {
  return h("ul", { class: "news-list", "data-news-list": true }, items.map((item) => h("li", {},
    image(item.image, "thumbnail"),
    h("div", {}, h(level, {}, h("a", { href: route(item.url) }, item.title)),
      h("p", { class: "meta" }, formatDate(item.date), item.is_official ? " · Офіційне оголошення" : "",
        item.categories.map((category) => ` · ${category.name}`)),
      h("p", {}, item.lead)))));
}

// --- views ----------------------------------------------------------------------------------------------------

async function homeView(frame) {
  const home = await api(frame.site.home_page.api_url);
  const sections = [];
  for (const section of home.sections) {
    const value = section.value;
    if (section.type === "news" || section.type === "announcements") {
      const query = new URLSearchParams({ limit: value.count });
      if (section.type === "announcements") query.set("official", "true");
      if (value.category) query.set("category", value.category.slug);
      const news = await api(`/home/news/?${query}`);
      if (news.items.length) sections.push(h("section", { class: "section", "data-section": section.type },
        h("h2", {}, value.title), newsList(news.items, "h3")));
    } else if (section.type === "events") {
      const events = await api(`/home/events/?limit=${value.count}`);
      if (events.items.length) sections.push(h("section", { class: "section", "data-section": "events" },
        h("h2", {}, value.title), h("ul", {}, events.items.map((event) => h("li", {},
          h("a", { href: route(event.url) }, event.title), ` — ${formatDateTime(event.start)}`)))));
    } else {
      sections.push(block(section));
    }
  }
  show(h("h1", {}, home.title), home.intro ? h("p", { class: "lead" }, home.intro) : null, sections);
}

async function newsIndexView(page) {
  const news = await api("/home/news/?limit=12");
  show(h("h1", {}, page.title), page.intro ? h("p", { class: "lead" }, page.intro) : null,
    h("p", { class: "meta", "data-count": news.count }, `Знайдено новин: ${news.count}`), newsList(news.items));
}

function articleView(page, banner) {
  show(banner, h("article", { class: "readable" }, h("h1", {}, page.title),
    h("p", { class: "meta" }, formatDateTime(page.date), page.is_official ? " · Офіційне оголошення" : ""),
    h("p", { class: "lead" }, page.lead),
    page.image ? h("figure", { "data-article-image": true }, image(page.image)) : null,
    page.body.map(block),
    page.categories.length || page.tags.length ? h("ul", { class: "tag-list" },
      page.categories.map((category) => h("li", {}, category.name)),
      page.tags.map((tag) => h("li", {}, `#${tag}`))) : null,
    page.related_pages.length ? h("section", {}, h("h2", {}, "Повʼязане"), h("ul", {},
      page.related_pages.map((related) => h("li", {}, h("a", { href: route(related.url) }, related.title)))))
      : null));
}

async function sessionView(page, banner) {
  // The module's detail adds what the page computes: votes per question, the publication-term check.
  const session = await api(`/council/sessions/${page.id}/`);
  const live = page.status === "live";
  const player = live ? page.stream_embed_url : page.recording_embed_url;
  show(banner, h("article", {}, h("h1", {}, page.title),
    h("dl", { class: "contact-card" },
      h("dt", {}, "Вид"), h("dd", {}, `${page.kind_label}, ${page.convocation ? page.convocation.name : ""}`),
      h("dt", {}, "Коли"), h("dd", {}, formatDateTime(page.start)),
      h("dt", {}, "Де"), h("dd", {}, page.place),
      h("dt", {}, "Стан"), h("dd", {}, page.status_label)),
    (live ? page.stream_url : page.recording_url) ? h("section", { class: "section", "data-stream": true },
      h("h2", {}, live ? "Трансляція" : "Запис"),
      player ? h("div", { class: "player" }, h("iframe", { src: player, title: `${live ? "Трансляція" : "Запис"}: ${
        page.title}`, allow: "encrypted-media; picture-in-picture; fullscreen", loading: "lazy",
      allowfullscreen: true })) : null,
      h("p", {}, h("a", { href: live ? page.stream_url : page.recording_url, rel: "noopener" },
        live ? "Відкрити трансляцію" : "Відкрити запис"))) : null,
    h("section", { class: "section" }, h("h2", {}, "Порядок денний"),
      session.agenda.length ? h("ol", { class: "agenda", "data-agenda": true }, session.agenda.map((item) =>
        h("li", {}, h("strong", {}, item.title),
          item.rapporteur ? h("span", { class: "meta" }, h("br"), `Доповідач: ${item.rapporteur}`) : null,
          item.recording_url ? h("span", {}, h("br"), h("a", { href: item.recording_url, rel: "noopener" },
            `Дивитися з ${item.recording_start}`)) : null)))
        : h("p", {}, "Порядок денний ще не оприлюднено.")),
    page.documents.length || page.minutes || page.transcript ? h("section", { class: "section" },
      h("h2", {}, "Документи"), h("ul", {}, [page.minutes, page.transcript, ...page.documents.map((row) =>
        row.document)].filter(Boolean).map((document_) => h("li", {},
        h("a", { href: document_.url }, document_.title))))) : null));
}

async function petitionIndexView(page) {
  const petitions = await api("/petitions/?limit=20&status=collecting");
  show(h("h1", {}, page.title), page.intro ? h("p", { class: "lead" }, page.intro) : null,
    h("ul", { class: "news-list" }, petitions.items.map((petition) => h("li", {}, h("div", {},
      h("h2", {}, h("a", { href: `#/petytsii/${petition.id}` }, petition.title)),
      h("p", { class: "meta" }, `${petition.status_label} · підписів: ${petition.signature_count} з ${
        petition.signature_threshold}`))))));
}

async function petitionView(id) {
  const petition = await api(`/petitions/${id}/`);
  const count = h("strong", { "data-petition-count": true }, String(petition.signature_count));
  const message = h("p", { role: "status", "data-sign-message": true });
  const tokenField = h("input", { id: "api-token", name: "token", type: "password", autocomplete: "off",
    value: localStorage.getItem(TOKEN_KEY) || "", "aria-describedby": "api-token-hint" });
  async function sign(event) {
    event.preventDefault();
    const token = tokenField.value.trim();
    if (!token) {
      message.textContent = "Вставте свій токен доступу.";
      return;
    }
    localStorage.setItem(TOKEN_KEY, token);
    try {
      const signed = await api(`/petitions/${id}/signatures/`, { method: "POST",
        headers: { Authorization: `Bearer ${token}` } });
      count.textContent = String(signed.signature_count);
      message.textContent = `Ви підписали цю петицію як ${signed.name}.`;
    } catch (error) {
      message.textContent = error.message;
    }
  }
  const collecting = petition.status === "collecting";
  show(h("article", { class: "readable" }, h("h1", {}, petition.title),
    h("p", { class: "meta" }, `${petition.status_label} · автор: ${petition.author_name}`),
    h("p", {}, "Підписів: ", count, ` з ${petition.signature_threshold}`),
    h("div", { class: "petition-text" }, petition.text.split(/\n+/).map((line) => h("p", {}, line))),
    collecting ? h("form", { class: "sign-form", onsubmit: sign },
      h("h2", {}, "Підписати петицію"),
      h("label", { for: "api-token" }, "Ваш токен доступу до API порталу"),
      h("p", { id: "api-token-hint", class: "meta" },
        "Токен створюють у своєму профілі на порталі: «Токени для застосунків». Підпис не можна відкликати."),
      tokenField, h("button", { type: "submit" }, "Підписати петицію"), message) : null,
    petition.answer_text ? h("section", { class: "section" }, h("h2", {}, "Відповідь"),
      h("p", {}, petition.answer_text)) : null));
}

function genericView(page, banner) {
  const text = page.intro || page.lead || page.summary || "";
  const body = page.body || page.description || page.draft_text || [];
  show(banner, h("article", { class: "readable" }, h("h1", {}, page.title),
    text ? h("p", { class: "lead" }, text) : null, Array.isArray(body) ? body.map(block) : null,
    typeof page.text === "string" ? h("div", { class: "rich-text", html: page.text }) : null,
    h("p", { class: "meta" }, h("a", { href: page.meta.html_url }, "Ця сторінка на порталі"))));
}

function pageView(page, banner = null) {
  switch (page.meta.type) {
    case "home.NewsPage": return articleView(page, banner);
    case "home.NewsIndexPage": return newsIndexView(page);
    case "council.SessionPage": return sessionView(page, banner);
    case "petitions.PetitionIndexPage": return petitionIndexView(page);
    default: return genericView(page, banner);
  }
}

async function render(frame) {
  const hash = location.hash || "#/";
  try {
    if (params.get("preview") && params.get("page")) {
      const draft = await api(`/preview/pages/${encodeURIComponent(params.get("page"))}/?token=${
        encodeURIComponent(params.get("preview"))}`);
      const banner = h("p", { class: "notice", role: "note", "data-preview": true },
        "Попередній перегляд чернетки. Відвідувачі бачать опубліковану версію.");
      if (draft.meta.type === "home.HomePage") return genericView(draft, banner);
      return pageView(draft, banner);
    }
    const petition = hash.match(/^#\/petytsii\/(\d+)\/?$/);
    if (petition) return await petitionView(petition[1]);
    if (hash === "#/" || hash === "#") return await homeView(frame);
    if (hash.startsWith("#/p/")) {
      const path = hash.slice(3);
      const page = await api(`/pages/find/?html_path=${encodeURIComponent(path)}`);
      if (page.meta.type === "home.HomePage") return await homeView(frame);
      return await pageView(page);
    }
    throw new ApiError(404, { detail: "Такої адреси в цьому фронтенді немає.", code: "not_found" });
  } catch (error) {
    show(problemView(error));
  }
}

async function start() {
  let frame;
  try {
    frame = await loadFrame();
  } catch (error) {
    show(problemView(error));
    return;
  }
  window.addEventListener("hashchange", () => {
    render(frame);
    document.getElementById("main").focus();
  });
  await render(frame);
  document.body.dataset.ready = "true";
}

start();
