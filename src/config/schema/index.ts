// The face of schema/: JSON Schema validation of loaded documents, then their normalisation into the model.
// schema/build/ is the build script behind `npm run schemas`, not part of this face.
export * from './clopt.js';
export * from './normalize.js';
export * from './validate.js';
