// The page's entry point: the key form, the alert area and the hash routes
//   #/                search     #/entity/<id>   one entity     #/screen   screening
//   #/researcher/<orcid:...|A...>?rules=...   a researcher's review
// Hash routes keep the page a single static file that works from any server path, with working back buttons.

import { getKey, setKey } from "./api.js";
import { showEntity } from "./entity.js";
import { showResearcher } from "./researcher.js";
import { setupScreening } from "./screening.js";
import { setupSearch } from "./search.js";
import { clearAlert, showAlert } from "./status.js";

const views = {
  search: document.getElementById("view-search"),
  entity: document.getElementById("view-entity"),
  screen: document.getElementById("view-screen"),
  researcher: document.getElementById("view-researcher"),
};

function show(name) {
  for (const [key, el] of Object.entries(views)) el.hidden = key !== name;
  for (const link of document.querySelectorAll("nav a")) {
    const current = link.dataset.view === name || (name === "entity" && link.dataset.view === "search");
    if (current) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

function route() {
  const hash = location.hash || "#/";
  if (!hash.startsWith("#/")) return; // in-page anchors such as the skip link
  clearAlert();
  if (hash.startsWith("#/entity/")) {
    show("entity");
    showEntity(decodeURIComponent(hash.slice("#/entity/".length)));
  } else if (hash === "#/researcher" || hash.startsWith("#/researcher/")) {
    show("researcher");
    document.title = "Researcher · tietrace";
    showResearcher(decodeURIComponent(hash.slice("#/researcher/".length)));
  } else if (hash === "#/screen") {
    show("screen");
    document.title = "Screening · tietrace";
  } else {
    show("search");
    document.title = "Investigate · tietrace";
  }
  const heading = document.querySelector("main section:not([hidden]) h1");
  if (heading) heading.focus(); // a screen reader announces the new view; keyboard users continue from it
}

function setupKeyForm() {
  const form = document.getElementById("key-form");
  const input = document.getElementById("api-key");
  const state = document.getElementById("key-state");
  const signOut = document.getElementById("sign-out");
  const refresh = () => {
    const key = getKey();
    state.textContent = key ? `Signed in with key ${key.split("_")[1] || "(set)"}` : "Not signed in";
    signOut.hidden = !key;
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      showAlert("Enter an API key (created with `tietrace keys create --role viewer`).");
      input.focus();
      return;
    }
    setKey(key);
    input.value = "";
    refresh();
    clearAlert();
    route(); // reload the current view with the key
  });
  signOut.addEventListener("click", () => {
    setKey("");
    refresh();
    input.focus();
  });
  refresh();
}

document.getElementById("skip-link").addEventListener("click", (event) => {
  event.preventDefault();
  document.getElementById("main").focus();
});

setupKeyForm();
setupSearch();
setupScreening();
window.addEventListener("hashchange", route);
route();
