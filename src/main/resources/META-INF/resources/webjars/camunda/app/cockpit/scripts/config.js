// MLPM Orchestrator's Cockpit configuration (replaces the webapp's config.js, whose options are
// all commented out): one plugin, the "ML state" tab of a project's process instance.
export default {
  customScripts: ['scripts/mlpm-ml-state']
};
