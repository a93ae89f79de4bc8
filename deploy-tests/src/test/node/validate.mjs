// Validates rendered Kubernetes manifests and a Compose file against published schemas, offline.
//
//   node validate.mjs --k8s <rendered.yaml>... [--compose <docker-compose.yml>]
//
// Kubernetes kinds: the OpenAPI schemas packaged by kubernetes-models (core API),
// @kubernetes-models/argo-rollouts and @kubernetes-models/prometheus-operator; Strimzi KafkaTopic:
// the CRD's openAPIV3Schema (schemas/strimzi-1.2.0-kafkatopic-crd.yaml). Those OpenAPI schemas accept
// unknown fields, which the API server's strict field validation refuses (a misspelt "readinesProbe"
// would pass silently); so every object is also type-checked by TypeScript against the same models'
// declarations, where an unknown field is an error, and the CRD schema is closed the same way.
// Compose: the Compose Specification schema (schemas/compose-spec.json). Prints one JSON report on
// stdout; exits 0 even when documents are invalid (the report says which), non-zero only when the
// validator itself cannot run.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { parseAllDocuments, parse } from "yaml";
import ts from "typescript";

const here = dirname(fileURLToPath(import.meta.url));

/** Module of the typed model for a group/version/kind, by package. */
function modelModule(apiVersion, kind) {
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  if (group === "argoproj.io") {
    return { schema: "argo-rollouts", path: `@kubernetes-models/argo-rollouts/argoproj.io/${version}/${kind}` };
  }
  if (group === "monitoring.coreos.com") {
    return { schema: "prometheus-operator", path: `@kubernetes-models/prometheus-operator/monitoring.coreos.com/${version}/${kind}` };
  }
  if (group === "" || group.endsWith(".k8s.io") || !group.includes(".")) {
    const prefix = group === "" ? version : `${group}/${version}`;
    return { schema: "kubernetes", path: `kubernetes-models/${prefix}/${kind}` };
  }
  return null;
}

/** Marks every object schema that lists its properties as closed, like the API server's strict mode. */
function closeObjects(schema) {
  if (Array.isArray(schema)) {
    schema.forEach(closeObjects);
  } else if (schema && typeof schema === "object") {
    if (schema.properties && schema.additionalProperties === undefined
        && !schema["x-kubernetes-preserve-unknown-fields"]) {
      schema.additionalProperties = false;
    }
    for (const [key, value] of Object.entries(schema)) {
      if (!key.startsWith("x-kubernetes")) {
        closeObjects(value);
      }
    }
  }
  return schema;
}

function crdValidators() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const crd = parse(readFileSync(join(here, "schemas/strimzi-1.2.0-kafkatopic-crd.yaml"), "utf8"));
  const validators = new Map();
  for (const version of crd.spec.versions) {
    const schema = closeObjects(structuredClone(version.schema.openAPIV3Schema));
    // metadata is the API server's ObjectMeta, not part of the CRD schema.
    schema.properties.metadata = { type: "object" };
    validators.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, ajv.compile(schema));
  }
  return validators;
}

/**
 * Type-checks each object as a literal given to its model's constructor: TypeScript's excess-property
 * check reports every field the model does not declare. Adds the findings to the entries' errors.
 */
function rejectUnknownFields(typed) {
  if (typed.length === 0) {
    return;
  }
  const dir = join(here, ".check");
  mkdirSync(dir, { recursive: true });
  // the constructors take the object without apiVersion and kind, which the model class fixes
  const lines = typed.map(({ module, kind, object: { apiVersion, kind: k, ...rest } }, i) =>
    `import { ${kind} as M${i} } from "${module}";\nnew M${i}(${JSON.stringify(rest)});`);
  const file = join(dir, "objects.ts");
  writeFileSync(file, lines.join("\n") + "\n");
  const program = ts.createProgram([file], {
    strict: true, noEmit: true, skipLibCheck: true,
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022,
  });
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, " ");
    if (!d.file) {
      throw new Error(`TypeScript: ${message}`);
    }
    const line = d.file.getLineAndCharacterOfPosition(d.start).line;
    typed[Math.floor(line / 2)].entry.errors.push(message);
  }
}

async function validateK8s(files) {
  const crds = crdValidators();
  const results = [];
  const typed = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
      if (doc.errors.length > 0) {
        results.push({ file, kind: "?", name: "?", schema: "yaml", errors: doc.errors.map(String) });
        continue;
      }
      const object = doc.toJS();
      if (object === null) {
        continue;
      }
      const { apiVersion, kind } = object;
      if (kind === "Secret" && object.data) {
        // kustomize wraps long base64 values over lines; the API server's decoder skips the line
        // breaks, the schema's "byte" format does not.
        for (const key of Object.keys(object.data)) {
          object.data[key] = String(object.data[key]).replace(/[\r\n]/g, "");
        }
      }
      const name = object.metadata?.name ?? "?";
      const entry = { file, apiVersion, kind, name };
      const crd = crds.get(`${apiVersion}/${kind}`);
      if (crd) {
        entry.schema = "strimzi";
        entry.errors = crd(object) ? [] : crd.errors.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
        results.push(entry);
        continue;
      }
      const module = modelModule(apiVersion, kind);
      if (!module) {
        results.push({ ...entry, schema: "none", errors: [`no schema known for ${apiVersion} ${kind}`] });
        continue;
      }
      entry.schema = module.schema;
      let Model;
      try {
        Model = (await import(module.path))[kind];
      } catch (e) {
        results.push({ ...entry, errors: [`no model ${module.path}: ${e.message}`] });
        continue;
      }
      try {
        new Model(object).validate();
        entry.errors = [];
      } catch (e) {
        entry.errors = [e.message];
      }
      results.push(entry);
      typed.push({ module: module.path, kind, object, entry });
    }
  }
  rejectUnknownFields(typed);
  return results;
}

function validateCompose(file) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const schema = JSON.parse(readFileSync(join(here, "schemas/compose-spec.json"), "utf8"));
  // Draft-07, Ajv's default dialect; the file names it by an https URI Ajv does not register.
  delete schema.$schema;
  const validate = ajv.compile(schema);
  // Compose resolves YAML merge keys (<<) before it validates; so does this parser with merge: true.
  const compose = parse(readFileSync(file, "utf8"), { merge: true });
  const ok = validate(compose);
  return { file, schema: "compose-spec", errors: ok ? [] : validate.errors.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`) };
}

const args = process.argv.slice(2);
const k8sFiles = [];
let composeFile = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--compose") {
    composeFile = args[++i];
  } else if (args[i] !== "--k8s") {
    k8sFiles.push(args[i]);
  }
}
const report = { resources: await validateK8s(k8sFiles) };
if (composeFile) {
  report.compose = validateCompose(composeFile);
}
process.stdout.write(JSON.stringify(report, null, 2) + "\n");
