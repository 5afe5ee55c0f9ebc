export { InProcessCmsTable, InProcessHeartbeatTable, NO_WRITE_BEHIND, type InProcessCmsTableOptions } from './in-process.js';
