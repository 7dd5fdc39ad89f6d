// Readable labels for names the schema leaves untitled: field and section names
// (`cryptoExchangeLicenseNumber` → "Crypto exchange license number") and enum values
// (`paymentProcessorPlatform` → "Payment processor platform"), keeping acronyms upper case.

// Lower-case words that read as acronyms or initialisms in Circle's names.
const acronyms: Record<string, string> = {
  aml: "AML",
  api: "API",
  btc: "BTC",
  dba: "DBA",
  ein: "EIN",
  eth: "ETH",
  eurc: "EURC",
  fincen: "FinCEN",
  iban: "IBAN",
  id: "ID",
  ip: "IP",
  iso: "ISO",
  kyb: "KYB",
  kyc: "KYC",
  llc: "LLC",
  otc: "OTC",
  pep: "PEP",
  ssn: "SSN",
  tin: "TIN",
  ubo: "UBO",
  uri: "URI",
  url: "URL",
  us: "US",
  usdc: "USDC",
  uuid: "UUID",
  vat: "VAT",
};

// Circle's document types whose names do not read as words (from its upload reference).
const documentTypeLabels: Record<string, string> = {
  usdl: "US driver's license",
  usid: "US state ID",
  idNotarization: "Notarized ID",
};

/** Splits `cryptoExchange`, `beneficial_owners`, `ssnLast4`, `USDC-rate` into words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/([A-Za-z])(\d)/g, "$1 $2")
    .replace(/(\d)([A-Za-z])/g, "$1 $2")
    .split(/[\s_\-.]+/)
    .filter(Boolean);
}

const labels = new Map<string, string>();

/** A sentence-case label for a name: the first word capitalised, acronyms upper case, the rest lower case. */
export function humanize(name: string): string {
  let label = labels.get(name);
  if (label === undefined) {
    // Names come from schemas, a bounded set; the bound only guards against a flood of one-off names.
    if (labels.size > 10_000) labels.clear();
    labels.set(name, (label = sentence(name)));
  }
  return label;
}

function sentence(name: string): string {
  const parts = words(name).map((word, i) => {
    const lower = word.toLowerCase();
    if (acronyms[lower]) return acronyms[lower];
    if (word.length > 1 && word === word.toUpperCase() && /[A-Z]/.test(word)) return word;
    if (lower === "doc") return i === 0 ? "Document" : "document";
    return i === 0 ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
  });
  return parts.length ? parts.join(" ") : name;
}

/** The label of an option: the schema's title when it has one, else the value made readable. */
export function optionLabel(value: unknown, title: string | undefined): string {
  if (title !== undefined) return title;
  if (value === true) return "Yes";
  if (value === false) return "No";
  if (value === null) return "None";
  return typeof value === "string" ? humanize(value) : JSON.stringify(value);
}

/** The label of one of Circle's `documentType` values (`usdl` → "US driver's license"). */
export function documentTypeLabel(type: string): string {
  return documentTypeLabels[type] ?? humanize(type);
}
