/** Candidate models of the deployment study (pure TypeScript, seeded). */
export { type Classifier, classWeights } from "./types.js";
export { LogisticRegression, type LogisticOptions } from "./logistic.js";
export { DecisionTree, Binning, type TreeOptions } from "./tree.js";
export { RandomForest, type ForestOptions } from "./forest.js";
export { NaiveBayes, type NaiveBayesOptions } from "./naiveBayes.js";
export { Mlp, type MlpOptions } from "./mlp.js";
