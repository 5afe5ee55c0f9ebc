import { DistanceBudget, NameIndex } from '../../nearest-name.js';
import { findByName } from '../../compiled/resolve.js';
import { suggestion } from '../shared/suggest.js';
import { defineRule } from '../types.js';

/** Siebel only reads parameters the driver declares: an undeclared override (often a typo) is silently ignored. */
export const hb220 = defineRule(
  {
    id: 'HB220',
    name: 'unknown-parameter-override',
    severity: 'error',
    summary: 'A communications profile overrides a parameter its driver does not declare.',
  },
  (landscape, report) => {
    // One index per driver, built at its first undeclared override (not one per
    // override: that sorted all the driver's parameters each time), and one
    // edit-distance budget for the whole rule, however many drivers there are.
    const budget = new DistanceBudget();
    const declared = new Map<object, NameIndex>();
    for (const profile of landscape.communicationsProfiles) {
      const driver = findByName(landscape.communicationsDrivers, profile.spec.driver);
      if (!driver) continue;
      for (const name of Object.keys(profile.spec.parameterOverrides)) {
        if (Object.hasOwn(driver.spec.parameters, name)) continue;
        let index = declared.get(driver);
        if (index === undefined) {
          index = new NameIndex(Object.keys(driver.spec.parameters), budget);
          declared.set(driver, index);
        }
        const hint = suggestion(name, index, 'the driver declares no parameters; declare it in the driver or remove the override');
        report(
          profile.doc,
          ['spec', 'parameterOverrides', name],
          `CommunicationsProfile '${profile.name}' overrides '${name}', which driver '${driver.name}' does not declare, so the override is ignored; ${hint}`,
          true,
        );
      }
    }
  },
);
