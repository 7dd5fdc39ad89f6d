// Forms from the application schema: the model (`describeForm`), the local `?resolved=true`
// (`resolveSchema`) and stale answers dropped (`prune`). Browser- and edge-safe.
export { describeForm } from "./describe.js";
export { forEachField } from "./each-field.js";
export { prune } from "./prune.js";
export { resolveSchema } from "./resolve.js";
export type {
  ApplicationDraft,
  Constraints,
  Draft,
  DescribeFormOptions,
  DocumentDatum,
  FormField,
  FormItem,
  FormModel,
  FormOption,
  FormOptions,
  FormSection,
  FormValidator,
  JsonType,
  Visibility,
  Widget,
} from "./model.js";
