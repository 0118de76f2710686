/**
 * n8n resolves a node's `file:` icons relative to its entry file (HeyGen.node.ts), for every version,
 * so every version's description names this one value; the files sit beside the entry file.
 */
export const heyGenIcon = { light: 'file:heyGen.svg', dark: 'file:heyGen.dark.svg' } as const;
