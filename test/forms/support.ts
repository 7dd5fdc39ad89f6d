// Shared by the form tests: the fixture schemas' validators, and a field finder.
import type { FormField, FormModel, FormSection } from "../../src/forms/index.js";
import { createSchemaValidator, type SchemaValidator } from "../../src/sections/index.js";
import { fixtureSchema } from "../support/schemas.js";

const validators = new Map<string, SchemaValidator>();

/** The runtime validator of a fixture, compiled once per test file. */
export function validatorOf(name: string): SchemaValidator {
  let validator = validators.get(name);
  if (!validator) validators.set(name, (validator = createSchemaValidator(fixtureSchema(name))));
  return validator;
}

/** Every field of a model, depth first (groups, list items, array-section entities and the entries a list would add next). */
export function allFields(model: FormModel): FormField[] {
  const out: FormField[] = [];
  const visit = (fields: readonly FormField[]): void => {
    for (const field of fields) {
      out.push(field);
      if (field.fields) visit(field.fields);
      for (const item of field.items ?? []) visit(item.fields);
      if (field.newItem) visit(field.newItem.fields);
    }
  };
  for (const section of model.sections) {
    visit(section.fields);
    if (section.newItem) visit(section.newItem.fields);
  }
  return out;
}

/** The field at a dot path; fails the test when there is none. */
export function field(model: FormModel, path: string): FormField {
  const found = allFields(model).find((f) => f.path === path);
  if (!found) throw new Error(`no field ${path} in the model (fields: ${allFields(model).map((f) => f.path).join(", ")})`);
  return found;
}

/** The section of that name; fails the test when there is none. */
export function section(model: FormModel, name: string): FormSection {
  const found = model.sections.find((s) => s.name === name);
  if (!found) throw new Error(`no section ${name}`);
  return found;
}

/** `{ path: [visibility, required] }` for the given fields, for compact expectations. */
export function states(model: FormModel, paths: readonly string[]): Record<string, [string, boolean]> {
  return Object.fromEntries(paths.map((p) => [p, [field(model, p).visibility, field(model, p).required]]));
}
