// Jest (on Node < 24.9) cannot require an ES module from CommonJS, which @fastify/send does
// with `content-disposition` (Swagger UI's static files). Node 20.19+ can: hand the require
// to Node itself. Used only through moduleNameMapper in jest.config.mjs.
module.exports = require('node:module').createRequire(__filename)('content-disposition');
