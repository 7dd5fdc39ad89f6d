// Type names: PascalCase of the schema name, unique within the generated module.

/**
 * `basicBusinessInfo` → `BasicBusinessInfo`, `beneficial_owners` → `BeneficialOwners`,
 * `2fa` → `T2Fa`. A letter after a digit is upper case because json2ts would make it so.
 */
export function pascalCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("").replace(/(\d)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase());
  if (!joined) return "T";
  return /^[0-9]/.test(joined) ? `T${joined}` : joined;
}

/** Hands out unique names: the first claimant keeps the name, later ones get `2`, `3`, ... */
export class TypeNames {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.taken.add(name);
  }

  /** A free name based on `wanted`, now taken. */
  claim(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.taken.has(name); n++) name = `${wanted}${n}`;
    this.taken.add(name);
    return name;
  }
}
