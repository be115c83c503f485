import type { PaperRef } from '@zoo/core';

export const MAO_2021: PaperRef = {
  title: 'Boosting the Speed of Entity Alignment 10×: Dual Attention Matching Network with Normalized Hard Sample Mining',
  year: 2021,
  arxiv: '2103.15452',
  authors: 'Xin Mao, Wenting Wang, Yuanbin Wu, Man Lan',
  venue: 'WWW 2021',
  url: 'https://arxiv.org/abs/2103.15452',
  code: 'https://github.com/MaoXinn/Dual-AMN',
};
