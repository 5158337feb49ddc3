import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { api } from "./lib/api";
import { useSystemLocale } from "./lib/i18n.svelte";

const target = document.getElementById("app");
if (!target) throw new Error("index.html lacks #app");

// The first paint is in the user's language: ask the app for the OS's locale first (a local
// call, a few milliseconds), but never wait on it for long.
const locale = await Promise.race([
  api.systemLocale().catch(() => null),
  new Promise<null>((resolve) => setTimeout(() => resolve(null), 500)),
]);
useSystemLocale(locale);

// index.html's frame (painted while the script loaded) gives way to the app's.
target.replaceChildren();
export default mount(App, { target });
