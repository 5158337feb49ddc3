import { setLanguage } from "./i18n.svelte";
import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { api, asApiError, explain, fieldMessages } from "./api";
import type { ApiError, Profile, ProspectPage, ProspectQuery } from "./bindings";

afterEach(() => clearMocks());

const profile: Profile = {
  name: "Keystone Managed IT", legal_name: "", website: "", address: "", country: "",
  employees: null, customer_size_min: null, customer_size_max: null, currency: "EUR",
  description: "", offerings: [], services: [], certifications: [], regions: [], verticals: [],
  gaps: [], updated_at: null,
};

describe("api", () => {
  it("sends the page query to list_prospects and returns the page", async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      const page: ProspectPage = { total: 120, offset: 50, items: [] };
      return page;
    });
    const query: ProspectQuery = {
      stage: "vetting", region: "DACH", vertical: null, tag: null, certification: null,
      min_score: 60, max_score: null, sort: "score", offset: 50, limit: 50,
    };
    const page = await api.listProspects(query);
    expect(page.total).toBe(120);
    expect(calls).toEqual([["list_prospects", { query }]]);
  });

  it("rejects with the {code, message, fields} the core sent, ready for inline messages", async () => {
    const err: ApiError = {
      code: "invalid_input",
      message: "currency: Use a three-letter ISO 4217 code such as EUR or USD.",
      fields: [{ field: "currency", message: "Use a three-letter ISO 4217 code such as EUR or USD.", words: { key: "invalid.currency", args: {} } }],
    };
    mockIPC((cmd) => {
      if (cmd === "save_profile") throw err;
    });
    const caught = await api.saveProfile({ ...profile, currency: "euro" }).then(
      () => null,
      asApiError,
    );
    if (!caught) throw new Error("save_profile should have been refused");
    expect(caught.code).toBe("invalid_input");
    expect(fieldMessages(caught)).toEqual({ currency: err.fields[0].message });
    // In a German window, in German; a message the core has no phrase for stays as it came.
    setLanguage("de");
    expect(fieldMessages(caught)).toEqual({ currency: "Verwenden Sie einen dreistelligen ISO-4217-Code wie EUR oder USD." });
    const plain = { ...caught, fields: [{ field: "x", message: "As the core said.", words: { key: "", args: {} } }] };
    expect(fieldMessages(plain)).toEqual({ x: "As the core said." });
    setLanguage("auto");
  });

  it("wraps anything that is not an ApiError, so the UI can always switch on code", () => {
    expect(asApiError(new Error("IPC lost"))).toEqual({ code: "internal", message: "IPC lost", fields: [] });
    expect(asApiError("boom").code).toBe("internal");
  });

  it("says what happened to the book in the window's language when the core gave its parts", () => {
    const err: ApiError = {
      code: "corrupt_database",
      message: "/b.sqlite is damaged and was left untouched: short",
      fields: [],
      words: { key: "api_error.corrupt", args: { path: "/b.sqlite" } },
    };
    setLanguage("de");
    expect(explain(err)).toBe(
      "/b.sqlite ist beschädigt und wurde nicht verändert. Stellen Sie eine Sicherung wieder her, öffnen Sie ein anderes Buch oder legen Sie ein neues an: Die Datei bleibt, wie sie ist.",
    );
    const gate: ApiError = { code: "gate_open", message: "Vetting checklist has open items: x", fields: [], words: { key: "api_error.gate_open", args: { stage: "vetting" } } };
    expect(explain(gate)).toBe("Die Checkliste „Prüfung“ hat offene Punkte.");
    setLanguage("en");
    expect(explain(err)).toContain("/b.sqlite is damaged and was left untouched. Restore a backup");
    setLanguage("auto");
  });

  it("tells the user their data is safe when the database is from a newer Allybook", () => {
    const text = explain({ code: "database_too_new", message: "x has schema version 3, but this Allybook understands up to version 1", fields: [] });
    expect(text).toContain("was not changed");
  });

  it("points at the window's own ways out of a book that cannot open, never at the command line", () => {
    for (const code of ["corrupt_database", "not_a_database", "foreign_database"] as const) {
      const text = explain({ code, message: "/b.sqlite is damaged and was left untouched: short", fields: [] });
      expect(text).toContain("Restore a backup, open another book or start a new one");
      expect(text).not.toMatch(/--db|allybook restore/);
    }
  });
});
