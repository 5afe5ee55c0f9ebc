import { findByName, isSecondsConfigParameter } from '../../compiled/resolve.js';
import { typeProblem } from './type-problem.js';
import { defineRule } from '../types.js';

/** A value of the wrong type would reach the driver as garbage; seconds-typed values must be durations. */
export const hb221 = defineRule(
  {
    id: 'HB221',
    name: 'parameter-type',
    severity: 'error',
    summary: 'A driver default, profile override or configuration timer does not match the declared parameter type.',
  },
  (landscape, report) => {
    for (const driver of landscape.communicationsDrivers) {
      for (const [name, declared] of Object.entries(driver.spec.parameters)) {
        const problem = declared.default === undefined ? undefined : typeProblem(declared.type, declared.default);
        if (problem) {
          report(driver.doc, ['spec', 'parameters', name, 'default'], `default of ${name} (type ${declared.type}): ${problem}`);
        }
      }
    }
    for (const profile of landscape.communicationsProfiles) {
      const driver = findByName(landscape.communicationsDrivers, profile.spec.driver);
      for (const [name, value] of Object.entries(profile.spec.parameterOverrides)) {
        const declared = driver?.spec.parameters[name];
        const problem = declared ? typeProblem(declared.type, value) : undefined;
        if (problem && driver) {
          report(
            profile.doc,
            ['spec', 'parameterOverrides', name],
            `${name} is declared as ${declared?.type} by driver '${driver.name}': ${problem}`,
          );
        }
      }
    }
    for (const config of landscape.communicationsConfigurations) {
      for (const [name, value] of Object.entries(config.spec.parameters)) {
        const problem = isSecondsConfigParameter(name) ? typeProblem('seconds', value) : undefined;
        if (problem) report(config.doc, ['spec', 'parameters', name], `${name} is a timer in seconds: ${problem}`);
      }
    }
  },
);
