/**
 * The summary's layout version, part of the key that decides whether the summary is rewritten
 * (consolidate-run.ts): a release that changes what the tabs look like rewrites every summary
 * once, even where no figure moved. Raise it with every such change. Its own file, so the
 * consolidate stage does not load the renderers.
 */
export const SUMMARY_LAYOUT_VERSION = 2;
