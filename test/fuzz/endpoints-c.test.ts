import { defineFuzzSuite } from "./suite";

defineFuzzSuite(2, 3);
