import type { PaperRef } from '@zoo/core';

/**
 * The paper this plugin implements: `{ title, year, arxiv? }` identify it (`zoo info` shows it). Models
 * (`ModelDef.paper`), trainers (`TrainerDef.paper`) and reported values (`recipes.ts`: `reported`) cite it.
 * Add one constant per further paper the plugin draws on.
 */
export const PAPER: PaperRef = {
  title: "MVFNet: Multi-View Fusion Network for Efficient Video Recognition",
  year: 2021,
  arxiv: "2012.06977",
};
