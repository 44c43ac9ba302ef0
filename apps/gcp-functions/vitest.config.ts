import { workspaceProject } from '../../vitest.shared.js';

export default workspaceProject('app-gcp-functions');
