/** The merchant registry's domain: each merchant's calendar and reporting currency. */
package com.merchantinsights.core.merchant;
