export {
  ACS3_ALGORITHM,
  type Acs3Authorization,
  type Acs3SignatureInput,
  type Acs3SignRequest,
  acs3CanonicalRequest,
  acs3Encode,
  acs3Query,
  acs3SignedHeaderNames,
  acs3StringToSign,
  canonicalQuery,
  computeAcs3Signature,
  parseAcs3Authorization,
  signAcs3,
} from './acs3.js'
export { type AidgeSignRequest, signAidge } from './aidge.js'
export {
  API_GATEWAY_SIGNED_HEADERS,
  type ApiGatewaySignRequest,
  type ApiGatewayStringToSignInput,
  apiGatewayStringToSign,
  computeApiGatewaySignature,
  parseApiGatewaySignatureHeaders,
  signApiGateway,
} from './api-gateway.js'
export {
  fromBase64,
  fromBase64Url,
  hmacSha256,
  md5,
  md5Base64,
  sha256Hex,
  timingSafeEqual,
  toBase64,
  toBase64Url,
  toHex,
  utf8,
} from './crypto-utils.js'
