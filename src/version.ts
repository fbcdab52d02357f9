/** The tool's version, written into results files. A test keeps it equal to package.json's. */
export const VERSION = '0.1.0';
