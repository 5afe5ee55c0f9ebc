import { findByName } from '../resolve.js';
import { suggestion } from './suggest.js';
import { defineRule } from './types.js';

/** Siebel only reads parameters the driver declares: an undeclared override (often a typo) is silently ignored. */
export const hb220 = defineRule(
  {
    id: 'HB220',
    name: 'unknown-parameter-override',
    severity: 'error',
    summary: 'A communications profile overrides a parameter its driver does not declare.',
  },
  (landscape, report) => {
    for (const profile of landscape.communicationsProfiles) {
      const driver = findByName(landscape.communicationsDrivers, profile.spec.driver);
      if (!driver) continue;
      const declared = Object.keys(driver.spec.parameters);
      for (const name of Object.keys(profile.spec.parameterOverrides)) {
        if (Object.hasOwn(driver.spec.parameters, name)) continue;
        const hint = suggestion(name, declared, 'the driver declares no parameters; declare it in the driver or remove the override');
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
