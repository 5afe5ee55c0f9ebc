import type { Entity, Landscape } from '../../model.js';
import type { Kind } from '../../kinds.js';

export type AnyEntity = Entity<Kind, unknown>;

/** Every named entity list of the landscape, in a fixed kind order. */
export function entityLists(landscape: Landscape): readonly (readonly AnyEntity[])[] {
  return [
    landscape.heartbeatProfiles,
    landscape.businessRoles,
    landscape.communicationsDrivers,
    landscape.communicationsProfiles,
    landscape.communicationsConfigurations,
    landscape.workstationListeners,
    landscape.keepAliveSettings,
    landscape.cms,
    landscape.scenarios,
  ];
}

/** "profiles/roles.yaml:12": where an entity's name is written. */
export function whereDefined(entity: AnyEntity): string {
  return `${entity.doc.file}:${entity.doc.position(['metadata', 'name']).line}`;
}

/** First entity of each name, in input order. */
export function uniqueByName<T extends { name: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (seen.has(item.name)) return false;
    seen.add(item.name);
    return true;
  });
}
