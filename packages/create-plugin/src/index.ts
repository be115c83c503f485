/** `@zoo/create-plugin`: the plugin template and its renderer (`npm create @zoo/plugin`, and the monorepo's Nx generator). */
export { main } from './main';
export { renderPlugin } from './render';
export { templateDirs, templateVars, TEMPLATE_DIR, type PluginOptions, type TemplateVars } from './vars';
export { CORE_VERSION, VISION_VERSION } from './versions';
