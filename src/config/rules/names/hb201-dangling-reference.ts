import type { LoadedDocument, YamlPath } from '../../document.js';
import type { Landscape } from '../../model.js';
import { DistanceBudget, NameIndex } from '../../nearest-name.js';
import { suggestion } from '../shared/suggest.js';
import { defineRule, type Report } from '../types.js';

interface Reference {
  fromKind: string;
  fromName: string;
  doc: LoadedDocument;
  path: YamlPath;
  targetKind: string;
  target: string;
}

/** Every name one document uses to point at another. */
function references(landscape: Landscape): Reference[] {
  const refs: Reference[] = [];
  const add = (from: { kind: string; name: string; doc: LoadedDocument }, path: YamlPath, targetKind: string, target?: string) => {
    if (target !== undefined) refs.push({ fromKind: from.kind, fromName: from.name, doc: from.doc, path, targetKind, target });
  };
  for (const role of landscape.businessRoles) {
    add(role, ['spec', 'heartbeatProfile'], 'HeartbeatProfile', role.spec.heartbeatProfile);
    add(role, ['spec', 'communicationsConfiguration'], 'CommunicationsConfiguration', role.spec.communicationsConfiguration);
    add(role, ['spec', 'cms'], 'Cms', role.spec.cms);
  }
  for (const profile of landscape.communicationsProfiles) {
    add(profile, ['spec', 'driver'], 'CommunicationsDriver', profile.spec.driver);
  }
  for (const config of landscape.communicationsConfigurations) {
    config.spec.profiles.forEach((name, i) => add(config, ['spec', 'profiles', i], 'CommunicationsProfile', name));
  }
  return refs;
}

interface Names {
  defined: ReadonlySet<string>;
  /** Built on the first dangling reference to the kind, then shared by all of them. */
  index?: NameIndex;
  list: readonly string[];
}

function namesOf(landscape: Landscape): Map<string, Names> {
  const names = (list: readonly { name: string }[]): Names => {
    const listed = list.map((e) => e.name);
    return { defined: new Set(listed), list: listed };
  };
  return new Map([
    ['HeartbeatProfile', names(landscape.heartbeatProfiles)],
    ['CommunicationsConfiguration', names(landscape.communicationsConfigurations)],
    ['Cms', names(landscape.cms)],
    ['CommunicationsDriver', names(landscape.communicationsDrivers)],
    ['CommunicationsProfile', names(landscape.communicationsProfiles)],
  ]);
}

function check(landscape: Landscape, report: Report): void {
  const names = namesOf(landscape);
  // One edit-distance budget for every kind's index: the references in document order get full suggestions.
  const budget = new DistanceBudget();
  for (const ref of references(landscape)) {
    const existing = names.get(ref.targetKind);
    if (existing?.defined.has(ref.target)) continue;
    const candidates = existing === undefined ? [] : (existing.index ??= new NameIndex(existing.list, budget));
    const hint = suggestion(ref.target, candidates, `no ${ref.targetKind} is defined; add one or remove the reference`);
    report(
      ref.doc,
      ref.path,
      `${ref.fromKind} ${ref.fromName} refers to ${ref.targetKind} '${ref.target}', which does not exist; ${hint}`,
    );
  }
}

/** A reference to a name that no document defines. */
export const hb201 = defineRule(
  {
    id: 'HB201',
    name: 'dangling-reference',
    severity: 'error',
    summary: 'A role, profile or configuration refers to a name that no document of that kind defines.',
  },
  check,
);
