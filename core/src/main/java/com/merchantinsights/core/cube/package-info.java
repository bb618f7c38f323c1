/** The declarative cube: its dimensions, grouping sets (cuboids), measures, grains and retention, read from a file. */
package com.merchantinsights.core.cube;
