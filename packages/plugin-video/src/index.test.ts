import { describePluginContract } from '@zoo/core/testing';
import plugin from './index';

// the smoke runs of the contract on 40 clips for 2 epochs (the cpu test backend's conv gradients are slow)
describePluginContract(plugin, { set: ['trainer.maxEpochs=2', 'data.n=40'] });
