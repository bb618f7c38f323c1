/** Answers metric questions from cube rows: reading the right cuboid and grain, merging rows, evaluating formulas. */
package com.merchantinsights.insights.query;
