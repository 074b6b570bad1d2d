//! The AWS commands against moto's server on 127.0.0.1: submit and status, the cluster a submit
//! creates, and the bootstrap action on a node.

mod bootstrap;
mod cluster;
mod submit;
