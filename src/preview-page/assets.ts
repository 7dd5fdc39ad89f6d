// The preview page's HTML and stylesheet. The HTML is static (the script fills it in), so nothing
// from the schema is ever written into markup, and it has no inline script or style: the server's
// Content-Security-Policy allows only scripts and styles from the page's own origin.

/** The page. */
export const pageHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>circle-onboarding preview</title>
<link rel="stylesheet" href="/page.css">
<script type="module" src="/esm/src/preview-page/page.js"></script>
</head>
<body>
<header>
<h1 id="title">Application preview</h1>
<p>Schema: <span id="source"></span>. A preview only: nothing is sent to Circle.</p>
<p class="legend">Fields marked * are required given the answers so far. Greyed fields wait for another answer.</p>
</header>
<p id="failure" role="alert" hidden></p>
<main>
<form id="form" novalidate aria-label="Application"></form>
</main>
<div id="announcements" class="visually-hidden" aria-live="polite"></div>
</body>
</html>
`;

/** The page's stylesheet. */
export const pageCss = `:root { color-scheme: light; font: 16px/1.5 system-ui, sans-serif; color: #1b1f24; background: #f6f7f9; }
body { max-width: 52rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
header p { margin: .25rem 0; color: #454c55; }
.section { background: #fff; border: 1px solid #d4d8de; border-radius: 8px; padding: 1rem 1.25rem; margin: 1.25rem 0; }
.section h2 { font-size: 1.25rem; margin: 0; }
.status, .description, .hint, .note { color: #454c55; font-size: .9rem; margin: .2rem 0; }
.field { display: block; margin: .9rem 0; border: 0; padding: 0; }
fieldset.field, fieldset.item { border: 1px solid #e1e4e8; border-radius: 6px; padding: .5rem .9rem .75rem; }
label, legend { font-weight: 600; }
.choices label { font-weight: 400; display: inline-block; margin-right: 1.25rem; }
input[type=text], input[type=email], input[type=url], input[type=date], input[type=number], select, textarea { display: block; width: 100%; box-sizing: border-box; font: inherit; padding: .4rem .5rem; border: 1px solid #8a929c; border-radius: 4px; background: #fff; }
:focus-visible { outline: 3px solid #1f6feb; outline-offset: 2px; }
[aria-invalid=true] { border-color: #b3261e; }
fieldset[aria-invalid=true] { border-color: #b3261e; }
.error { color: #b3261e; font-weight: 600; margin: .25rem 0 0; }
.error::before { content: "Error: "; }
.req { color: #b3261e; }
.pending { opacity: .62; border-style: dashed; }
.pending .pending { opacity: 1; }
.pending .note { font-style: italic; }
.section-errors { color: #b3261e; }
button { font: inherit; padding: .35rem .8rem; border-radius: 4px; border: 1px solid #1f6feb; background: #fff; color: #0b4fb5; cursor: pointer; margin-top: .5rem; }
button:disabled { border-color: #aab0b8; color: #6b737c; cursor: not-allowed; }
.payload pre { background: #0d1117; color: #e6edf3; padding: .75rem; border-radius: 6px; overflow-x: auto; }
#failure { color: #b3261e; font-weight: 600; }
[hidden] { display: none !important; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;
