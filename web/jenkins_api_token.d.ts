/* tslint:disable */
/* eslint-disable */

/** What the page says about itself: read from the tab (the extension) or from the page (www). */
export interface PageRead {
    url: string;
    /** `<head data-rooturl>`, when there is one. */
    rootUrl?: string | null;
    /** Why the page could not be read (the browser's words). */
    error?: string;
    /** The page's links to users' pages: where the header shows the logged-in user's full name. */
    userLinks?: { href: string; text: string }[];
    /** `<head data-crumb-header>` and `data-crumb-value`, when there are. */
    crumbHeader?: string | null;
    crumbValue?: string | null;
    /** `<body data-version>`, when there is one. */
    version?: string | null;
    /** The links in the page header (the logged-in user's, or "log in"). */
    headerLinks?: { href: string; text: string; id: string }[];
}

/** A request the core planned, to run inside the tab (Firefox). */
export interface TabRequest {
    method: "GET" | "POST";
    url: string;
    headers: [string, string][];
    body: string | null;
    withSession: boolean;
    timeoutMs: number;
}

/** The tab's answer to a `TabRequest`, or why there is none. */
export type TabAnswer =
| { status: number; headers: [string, string][]; body: string }
| { error: string; message?: string };

/** What the popup (or the www page) gives the core. Every member but `readPage` is optional. */
export interface PopupHost {
    /** The page to work on, or a promise of it. */
    readPage(): PageRead | Promise<PageRead>;
    /** The policy's and the user's options, each the JSON text of a storage area (the extension). */
    readSettings?(): [string, string] | Promise<[string, string]>;
    /** Sentences in the browser's language (the extension)... */
    translate?(key: string, args: string[]): string;
    /** ...or the text of a `messages.json` (the www page). */
    messages?: string;
    /** Per request, in milliseconds; only ever shorter than the default (30 s). */
    timeoutMs?: number;
    /** How long a new token stays readable; only ever shorter than the default (60 s). */
    maskAfterMs?: number;
    /** For tests: how long the clipboard keeps a copy before it is cleared. */
    clearAfterMs?: number;
    /** Run each request inside the tab (how Firefox reaches the tab's origin). */
    fetchInTab?(request: TabRequest): Promise<TabAnswer>;
    /** The pending mints written down (never a token value): every record, as text. */
    recallMints?(): Promise<string[]>;
    rememberMint?(key: string, text: string): unknown;
    forgetMint?(key: string): unknown;
    /** A stored setting (an operations center's address), and saving one. */
    loadSetting?(key: string): Promise<string | null>;
    saveSetting?(key: string, value: string): unknown;
    /** Saving one of the user's options (synced storage). */
    saveOption?(key: string, value: number | boolean | string | null): Promise<unknown>;
    /** Clearing the clipboard later: whether it is permitted, asking (in the click), giving it back. */
    clipboardPermitted?(): Promise<boolean>;
    askClipboardPermission?(): Promise<boolean>;
    dropClipboardPermission?(): Promise<unknown>;
    /** Has the background worker clear `text` after `ms` if the clipboard still holds it. */
    clearLater?(text: string, ms: number): Promise<boolean>;
    openOptions?(): unknown;
    /** Saving to this computer (docs/native-host.md): whether `nativeMessaging` is granted, asking (in the click)... */
    nativePermitted?(): Promise<boolean>;
    askNativePermission?(): Promise<boolean>;
    /**
     * ...and one message to the native host, as JSON text: its answer as JSON text, or
     * `{"ok":false,"unreachable":<the browser's error>}` when the browser could not reach it.
     */
    sendNative?(message: string): Promise<string>;
}

/** What the options page gives the core. */
export interface OptionsHost {
    translate(key: string, args: string[]): string;
    readSettings(): [string, string] | Promise<[string, string]>;
    saveOption(key: string, value: number | boolean | string | null): Promise<unknown>;
    askClipboardPermission?(): Promise<boolean>;
    dropClipboardPermission?(): Promise<unknown>;
    /** The permission saving to this computer needs: whether granted, asking, giving it back. */
    nativePermitted?(): Promise<boolean>;
    askNativePermission?(): Promise<boolean>;
    dropNativePermission?(): Promise<unknown>;
}



/**
 * Mounts the popup (or the www page) into `app`, which holds the markup of `extension/popup.html`,
 * with what the page glue gives it (`PopupHost`, in `host.rs`).
 */
export function mount(app: Element, host: PopupHost): void;

/**
 * Mounts the options page into `app`, with what `extension/options.js` gives it (`OptionsHost`).
 */
export function mount_options(app: Element, host: OptionsHost): void;

export function start(): void;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly mount: (a: any, b: any) => void;
    readonly mount_options: (a: any, b: any) => void;
    readonly start: () => void;
    readonly wasm_bindgen__convert__closures_____invoke__h60702a48838d1764: (a: number, b: number, c: any) => [number, number];
    readonly wasm_bindgen__convert__closures_____invoke__hec9642d76245dbae: (a: number, b: number, c: any) => void;
    readonly wasm_bindgen__convert__closures_____invoke__hf6973351e6266d81: (a: number, b: number) => void;
    readonly __wbindgen_malloc: (a: number, b: number) => number;
    readonly __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
    readonly __wbindgen_free: (a: number, b: number, c: number) => void;
    readonly __wbindgen_exn_store: (a: number) => void;
    readonly __externref_table_alloc: () => number;
    readonly __wbindgen_externrefs: WebAssembly.Table;
    readonly __wbindgen_destroy_closure: (a: number, b: number) => void;
    readonly __externref_table_dealloc: (a: number) => void;
    readonly __wbindgen_start: () => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
